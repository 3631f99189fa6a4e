<?php
/**
 * CSAT survey for every closed WHMCS ticket.
 *
 * Install: copy this one file into WHMCS's includes/hooks/ directory. On WHMCS's TicketClose hook it
 * reads the ticket (localAPI GetTicket) and its client (localAPI GetClientsDetails) and POSTs the
 * pipeline's generic ticket JSON to POST /api/tickets/resolved/whmcs, signed per Standard Webhooks.
 * When a reply (TicketUserReply, TicketAdminReply) or a status change by staff (TicketStatusChange)
 * leaves a ticket in a status other than Closed, it POSTs {"ticketId", "status": "reopened",
 * "reopenedAt"}: a survey still waiting for its delayed email is cancelled (WHMCS reopens a closed
 * ticket when it is replied to). Closing or replying is never stopped, nor held up for longer than
 * the timeout below.
 *
 * A delivery that fails in a way that may pass (no answer, a timeout, 408, 429, 5xx) is saved to an
 * outbox directory, one file per delivery (its webhook-id, body, ticket id, first failure, attempts;
 * never the secret), and WHMCS's AfterCronJob hook resends it with the same webhook-id, so the
 * pipeline counts it once, for up to 3 days. Every failure, and every delivery given up, is written
 * to WHMCS's activity log without the secret or the customer's address.
 *
 * Configuration, each read first from a PHP constant (define() it in WHMCS's configuration.php),
 * then from an environment variable of the same name, then from the line below:
 *   CSAT_WHMCS_URL     https://YOUR-HOST/api/tickets/resolved/whmcs
 *   CSAT_WHMCS_SECRET  whsec_… (the same value as the pipeline's Csat__Helpdesks__whmcs__Secret)
 *   CSAT_WHMCS_OUTBOX  a persistent directory the web server and the cron both write (default: the
 *                      system's temporary directory + /csat-whmcs-outbox, which a reboot may empty);
 *                      created 0700, its files 0600, as they hold the customers' addresses
 *
 * Docs: docs/helpdesks/whmcs.md in the CsatFunctions repository.
 * Needs WHMCS 7.2 or later (localAPI without an admin username) on PHP 7.2 or later.
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

const CSAT_WHMCS_URL_IN_FILE = '';
const CSAT_WHMCS_SECRET_IN_FILE = '';

/** Seconds to wait for the pipeline to connect and answer: the admin closing the ticket waits this long at worst. */
const CSAT_WHMCS_TIMEOUT_SECONDS = 5;

/** How long a saved delivery is resent, from its first failure; after that its ticket is not counted. */
const CSAT_WHMCS_RESEND_FOR_SECONDS = 3 * 24 * 60 * 60;

/** Saved deliveries sent per cron run at most, so a backlog never holds WHMCS's cron up for long. */
const CSAT_WHMCS_RESENDS_PER_RUN = 100;

/** WHMCS's language names (the client's "language"; empty: the system default) as BCP 47 tags. */
const CSAT_WHMCS_LOCALES = [
    'arabic' => 'ar', 'azerbaijani' => 'az', 'catalan' => 'ca', 'chinese' => 'zh', 'croatian' => 'hr',
    'czech' => 'cs', 'danish' => 'da', 'dutch' => 'nl', 'english' => 'en', 'estonian' => 'et',
    'farsi' => 'fa', 'french' => 'fr', 'german' => 'de', 'hebrew' => 'he', 'hungarian' => 'hu',
    'italian' => 'it', 'macedonian' => 'mk', 'norwegian' => 'nb', 'portuguese-br' => 'pt-BR',
    'portuguese-pt' => 'pt-PT', 'romanian' => 'ro', 'russian' => 'ru', 'spanish' => 'es',
    'swedish' => 'sv', 'turkish' => 'tr', 'ukranian' => 'uk', 'ukrainian' => 'uk',
];

add_hook('TicketClose', 1, function ($vars) {
    $ticketId = (int) ($vars['ticketid'] ?? 0);
    try {
        $problem = csat_whmcs_send($ticketId);
    } catch (\Throwable $e) {
        // The exception's message may quote ticket or client data, so only its kind is logged.
        $problem = 'an unexpected ' . get_class($e) . ' in the hook';
    }

    if ($problem !== null) {
        logActivity("CSAT survey for ticket ID {$ticketId} not sent: {$problem}", 0);
    }
});

// WHMCS passes each of these the ticket's status after the reply or change: anything but Closed
// means the ticket is open (again, if it was closed), which is the pipeline's reopen signal.
foreach (['TicketUserReply', 'TicketAdminReply', 'TicketStatusChange'] as $csatHookPoint) {
    add_hook($csatHookPoint, 1, function ($vars) {
        $ticketId = (int) ($vars['ticketid'] ?? 0);
        $status = trim((string) ($vars['status'] ?? ''));
        if ($ticketId <= 0 || $status === '' || strcasecmp($status, 'Closed') === 0) {
            return;
        }

        try {
            $problem = csat_whmcs_deliver($ticketId, [
                'ticketId' => (string) $ticketId,
                'status' => 'reopened',
                'reopenedAt' => csat_whmcs_now(),
            ]);
        } catch (\Throwable $e) {
            $problem = 'an unexpected ' . get_class($e) . ' in the hook';
        }

        if ($problem !== null) {
            logActivity("CSAT reopen of ticket ID {$ticketId} not sent: {$problem}", 0);
        }
    });
}

// WHMCS runs it after each run of its system cron (every 5 minutes where set up as WHMCS advises).
add_hook('AfterCronJob', 1, function ($vars) {
    try {
        csat_whmcs_resend_saved();
    } catch (\Throwable $e) {
        logActivity('CSAT surveys saved in the outbox not resent: an unexpected ' . get_class($e) . ' in the hook', 0);
    }
});

/** @return string|null Why the ticket was not handed to the pipeline (safe to log), or null when it was. */
function csat_whmcs_send($ticketId)
{
    $problem = csat_whmcs_configuration_problem();
    if ($problem !== null) {
        return $problem;
    }

    $ticket = localAPI('GetTicket', ['ticketid' => $ticketId, 'repliessort' => 'DESC']);
    if (($ticket['result'] ?? '') !== 'success') {
        return 'GetTicket answered ' . csat_whmcs_text($ticket['message'] ?? 'an error') . '.';
    }

    $client = [];
    $clientId = (int) ($ticket['userid'] ?? 0);
    if ($clientId > 0) {
        // A client since deleted ("Client Not Found") leaves the ticket's own name and email to use.
        $details = localAPI('GetClientsDetails', ['clientid' => $clientId]);
        if (($details['result'] ?? '') === 'success') {
            // The documented shape is a "client" array; older versions also repeat its keys at the top.
            $client = is_array($details['client'] ?? null) ? $details['client'] + $details : $details;
        }
    }

    return csat_whmcs_deliver($ticketId, csat_whmcs_event($ticket, $client));
}

/** @return string|null What is wrong with CSAT_WHMCS_URL or CSAT_WHMCS_SECRET (safe to log), or null when both are usable. */
function csat_whmcs_configuration_problem()
{
    $url = csat_whmcs_setting('CSAT_WHMCS_URL', CSAT_WHMCS_URL_IN_FILE);
    $secret = csat_whmcs_setting('CSAT_WHMCS_SECRET', CSAT_WHMCS_SECRET_IN_FILE);
    if ($url === '' || $secret === '') {
        return 'set CSAT_WHMCS_URL and CSAT_WHMCS_SECRET (see the top of includes/hooks/csat_ticket_close.php).';
    }

    $scheme = strtolower((string) parse_url($url, PHP_URL_SCHEME));
    if (filter_var($url, FILTER_VALIDATE_URL) === false || !in_array($scheme, ['http', 'https'], true)) {
        return 'CSAT_WHMCS_URL is not an http or https URL.';
    }

    return csat_whmcs_key($secret) === null ? 'CSAT_WHMCS_SECRET is not whsec_ followed by the base64 of 24 to 64 bytes.' : null;
}

/**
 * POSTs one event (a closed ticket, or a reopen) signed, saving it to the outbox when the failure may pass.
 * @return string|null Why it was not handed to the pipeline (safe to log), or null when it was.
 */
function csat_whmcs_deliver($ticketId, array $event)
{
    $problem = csat_whmcs_configuration_problem();
    if ($problem !== null) {
        return $problem;
    }

    $url = csat_whmcs_setting('CSAT_WHMCS_URL', CSAT_WHMCS_URL_IN_FILE);
    $key = csat_whmcs_key(csat_whmcs_setting('CSAT_WHMCS_SECRET', CSAT_WHMCS_SECRET_IN_FILE));
    $body = json_encode($event, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
    if ($body === false) {
        return 'the ticket could not be written as JSON.';
    }

    $id = 'msg_' . bin2hex(random_bytes(16));
    [$code, $problem] = csat_whmcs_post($url, $key, $id, $body);
    if ($problem === null || !csat_whmcs_may_pass($code)) {
        return $problem;
    }

    $saved = csat_whmcs_save(csat_whmcs_outbox(), [
        'webhookId' => $id,
        'ticketId' => $ticketId,
        'firstFailedAt' => time(),
        'attempts' => 1,
        'lastProblem' => $problem,
        'body' => $body,
    ]);
    return $problem . ($saved === null
        ? " Saved to the outbox: WHMCS's cron resends it for up to 3 days."
        : " It could not be saved to resend: {$saved}");
}

/** The pipeline's generic ticket JSON for a closed ticket, from GetTicket's and GetClientsDetails' answers. */
function csat_whmcs_event(array $ticket, array $client)
{
    // The person who opened the ticket (a client's contact or user, or a guest) is the one who was
    // helped; the client's own details stand in where the ticket has none.
    $email = csat_whmcs_first($ticket['requestor_email'] ?? '', $ticket['email'] ?? '', $client['email'] ?? '');
    $name = csat_whmcs_first(
        $ticket['requestor_name'] ?? '',
        $ticket['name'] ?? '',
        trim(($client['firstname'] ?? '') . ' ' . ($client['lastname'] ?? ''))
    );

    // Replies come newest first (repliessort DESC): the last admin to answer is the agent.
    $agent = '';
    foreach (($ticket['replies']['reply'] ?? []) as $reply) {
        if (is_array($reply) && trim((string) ($reply['admin'] ?? '')) !== '') {
            $agent = $reply['admin'];
            break;
        }
    }

    $event = [
        'ticketId' => (string) ($ticket['ticketid'] ?? ''),
        'customer' => ['email' => csat_whmcs_text($email), 'name' => csat_whmcs_text($name)],
        'subject' => csat_whmcs_text($ticket['subject'] ?? ''),
        'agent' => csat_whmcs_text(csat_whmcs_first($agent, $ticket['admin'] ?? '')),
        'channel' => 'whmcs',
        'touchpoint' => csat_whmcs_text($ticket['deptname'] ?? ''),
        'status' => (string) ($ticket['status'] ?? ''),
        'resolvedAt' => csat_whmcs_now(),
    ];

    $company = csat_whmcs_text($client['companyname'] ?? '');
    if ($company !== '') {
        $event['company'] = $company;
    }

    $language = strtolower(trim((string) ($client['language'] ?? '')));
    if (array_key_exists($language, CSAT_WHMCS_LOCALES)) {
        $event['locale'] = CSAT_WHMCS_LOCALES[$language];
    }

    return $event;
}

/**
 * POSTs the body signed per Standard Webhooks, with a fresh timestamp and signature.
 * @return array [the HTTP status, 0 when there was no answer; why it failed (safe to log), or null on a 2xx]
 */
function csat_whmcs_post($url, $key, $id, $body)
{
    $timestamp = (string) time();
    $signature = 'v1,' . base64_encode(hash_hmac('sha256', "{$id}.{$timestamp}.{$body}", $key, true));
    $context = stream_context_create([
        'http' => [
            'method' => 'POST',
            'header' => implode("\r\n", [
                'Content-Type: application/json',
                "webhook-id: {$id}",
                "webhook-timestamp: {$timestamp}",
                "webhook-signature: {$signature}",
                'Connection: close',
            ]),
            'content' => $body,
            'protocol_version' => 1.1,
            // Bounds the connection and each read; a refusal (4xx, 5xx) is read, not thrown.
            'timeout' => CSAT_WHMCS_TIMEOUT_SECONDS,
            'ignore_errors' => true,
            'follow_location' => 0,
        ],
    ]);

    $answer = @file_get_contents($url, false, $context);
    $headers = function_exists('http_get_last_response_headers') ? http_get_last_response_headers() : ($http_response_header ?? null);
    if ($answer === false || !is_array($headers) || !preg_match('#^HTTP/\S+\s+(\d{3})#', (string) ($headers[0] ?? ''), $status)) {
        $error = error_get_last();
        return [0, "the pipeline at {$url} could not be reached: " . csat_whmcs_text($error['message'] ?? 'no answer') . '.'];
    }

    $code = (int) $status[1];
    if ($code >= 200 && $code < 300) {
        return [$code, null];
    }

    // The pipeline's problem details name what is wrong and never carry secrets or addresses.
    $problem = json_decode($answer, true);
    $detail = is_array($problem) ? ($problem['detail'] ?? $problem['title'] ?? '') : '';
    return [$code, "the pipeline refused it with HTTP {$code}" . ($detail !== '' ? ': ' . csat_whmcs_text(substr((string) $detail, 0, 300)) : '') . '.'];
}

/**
 * Whether a failed delivery may pass if sent again: no answer (down, timeout), 408, 429 or a 5xx,
 * and a redirect (a URL being moved). Any other 4xx (a wrong secret, a body refused) will not.
 */
function csat_whmcs_may_pass($code)
{
    return $code < 400 || $code >= 500 || $code === 408 || $code === 429;
}

/** Resends the saved deliveries, oldest first; run by WHMCS's AfterCronJob hook. */
function csat_whmcs_resend_saved()
{
    $dir = csat_whmcs_outbox();
    $files = is_dir($dir) ? (glob("{$dir}/msg_*.json") ?: []) : [];
    if ($files === []) {
        return;
    }

    // Two cron runs at once would each send the same deliveries: the later one leaves them to the first.
    $lock = @fopen("{$dir}/.lock", 'c');
    if ($lock === false) {
        return;
    }

    if (!flock($lock, LOCK_EX | LOCK_NB)) {
        fclose($lock);
        return;
    }

    // What a save cut short (PHP killed mid-write) left behind holds an address and is never sent.
    foreach (glob("{$dir}/.msg_*.tmp") ?: [] as $temp) {
        if (@filemtime($temp) < time() - 3600) {
            @unlink($temp);
        }
    }

    try {
        csat_whmcs_resend_files($dir, $files);
    } finally {
        flock($lock, LOCK_UN);
        fclose($lock);
    }
}

function csat_whmcs_resend_files($dir, array $files)
{
    $saved = [];
    foreach ($files as $file) {
        $delivery = json_decode((string) @file_get_contents($file), true);
        if (!is_array($delivery) || !is_string($delivery['webhookId'] ?? null) || !is_string($delivery['body'] ?? null)
            || !is_int($delivery['firstFailedAt'] ?? null) || !is_int($delivery['attempts'] ?? null)) {
            @unlink($file);
            logActivity('CSAT survey saved as ' . basename($file) . ' was unreadable and is dropped: its ticket is not counted.', 0);
            continue;
        }

        $saved[$file] = $delivery;
    }

    uasort($saved, function ($a, $b) {
        return $a['firstFailedAt'] <=> $b['firstFailedAt'];
    });

    $url = csat_whmcs_setting('CSAT_WHMCS_URL', CSAT_WHMCS_URL_IN_FILE);
    $key = csat_whmcs_key(csat_whmcs_setting('CSAT_WHMCS_SECRET', CSAT_WHMCS_SECRET_IN_FILE));
    $sends = $url !== '' && $key !== null ? CSAT_WHMCS_RESENDS_PER_RUN : 0;
    foreach ($saved as $file => $delivery) {
        $ticketId = (int) ($delivery['ticketId'] ?? 0);
        if (time() - $delivery['firstFailedAt'] > CSAT_WHMCS_RESEND_FOR_SECONDS) {
            @unlink($file);
            logActivity("CSAT survey for ticket ID {$ticketId} not sent: the pipeline did not take it in the 3 days since "
                . gmdate('Y-m-d H:i', $delivery['firstFailedAt']) . " UTC (attempts: {$delivery['attempts']}; the last failure: "
                . csat_whmcs_text($delivery['lastProblem'] ?? 'unknown') . ') It is dropped from the outbox and not counted: '
                . 'reopen and close the ticket to send it again.', 0);
            continue;
        }

        if ($sends === 0) {
            continue;
        }

        $sends--;
        $delivery['attempts']++;
        // The same webhook-id as the first attempt: the pipeline takes a delivery it already has as a duplicate.
        [$code, $problem] = csat_whmcs_post($url, $key, $delivery['webhookId'], $delivery['body']);
        if ($problem === null) {
            @unlink($file);
            logActivity("CSAT survey for ticket ID {$ticketId} sent from the outbox on attempt {$delivery['attempts']}.", 0);
        } elseif (!csat_whmcs_may_pass($code)) {
            @unlink($file);
            logActivity("CSAT survey for ticket ID {$ticketId} not sent: {$problem} It is dropped from the outbox after "
                . "{$delivery['attempts']} attempts and not counted: fix the cause, then reopen and close the ticket to send it again.", 0);
        } else {
            // The next ones would meet the same pipeline: they wait for the next run rather than time out one by one.
            $delivery['lastProblem'] = $problem;
            csat_whmcs_save($dir, $delivery);
            $sends = 0;
        }
    }

    if ($saved !== [] && ($url === '' || $key === null)) {
        logActivity('CSAT surveys saved in the outbox not resent: set CSAT_WHMCS_URL and a valid CSAT_WHMCS_SECRET.', 0);
    }
}

/** The outbox directory: CSAT_WHMCS_OUTBOX, else one in the system's temporary directory. */
function csat_whmcs_outbox()
{
    return rtrim(csat_whmcs_setting('CSAT_WHMCS_OUTBOX', sys_get_temp_dir() . '/csat-whmcs-outbox'), '/\\');
}

/**
 * Writes the delivery to the outbox as {webhook-id}.json, atomically: the cron never reads half a file.
 * @return string|null why it could not (safe to log), or null once saved
 */
function csat_whmcs_save($dir, array $delivery)
{
    if (!is_dir($dir) && !@mkdir($dir, 0700, true) && !is_dir($dir)) {
        return "the outbox {$dir} could not be created.";
    }

    // A directory someone else made (in a shared /tmp) would let them read the customers' addresses.
    if (function_exists('posix_geteuid') && @fileowner($dir) !== posix_geteuid()) {
        return "the outbox {$dir} belongs to another user.";
    }

    $json = json_encode($delivery, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
    $temp = "{$dir}/.{$delivery['webhookId']}." . bin2hex(random_bytes(4)) . '.tmp';
    $handle = $json === false ? false : @fopen($temp, 'x');
    if ($handle === false) {
        return "the outbox {$dir} is not writable.";
    }

    // Readable by this user only before a byte of the customer's address is in it.
    $written = chmod($temp, 0600) && fwrite($handle, $json) === strlen($json) && fflush($handle);
    fclose($handle);
    if (!$written || !@rename($temp, "{$dir}/{$delivery['webhookId']}.json")) {
        @unlink($temp);
        return "the outbox {$dir} is not writable.";
    }

    return null;
}

function csat_whmcs_setting($name, $inFile)
{
    if (defined($name)) {
        return trim((string) constant($name));
    }

    $environment = getenv($name);
    return trim($environment !== false && $environment !== '' ? $environment : $inFile);
}

/** The HMAC key of a whsec_ secret, as the pipeline reads it; null when the secret is not one. */
function csat_whmcs_key($secret)
{
    if (strpos($secret, 'whsec_') !== 0) {
        return null;
    }

    $key = base64_decode(substr($secret, 6), true);
    return $key !== false && strlen($key) >= 24 && strlen($key) <= 64 ? $key : null;
}

/**
 * Now, in UTC to the millisecond, for both resolvedAt and reopenedAt: a reply in the second the ticket
 * was closed still comes after the close, and a close in the second after a reply still comes after it.
 */
function csat_whmcs_now()
{
    return DateTime::createFromFormat('U.u', sprintf('%.6F', microtime(true)))->format('Y-m-d\TH:i:s.v\Z');
}

function csat_whmcs_first(...$values)
{
    foreach ($values as $value) {
        if (trim((string) $value) !== '') {
            return (string) $value;
        }
    }

    return '';
}

/** WHMCS keeps ticket text HTML-escaped (&amp;, &#039;); the survey shows it as typed. */
function csat_whmcs_text($value)
{
    return trim(html_entity_decode((string) $value, ENT_QUOTES | ENT_HTML5, 'UTF-8'));
}
