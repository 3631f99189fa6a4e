<?php
/**
 * Stands in for WHMCS around the shipped hook file: add_hook records the callbacks, localAPI answers
 * from the fixtures (GetTicket-{ticketid}.json, GetClientsDetails-{clientid}.json, in WHMCS's
 * documented JSON shape; a missing one is WHMCS's error answer), and logActivity appends each entry
 * to a file the test reads. Then it runs every hook recorded for the hook point as WHMCS does: closing
 * a ticket (TicketClose, with the ticket id), a reply or a status change (with the ticket id and its
 * status after it) or the end of a system cron run (AfterCronJob).
 *
 * Usage: php whmcs_stub.php HOOK_FILE FIXTURES_DIR ACTIVITY_LOG TicketClose TICKET_ID
 *        php whmcs_stub.php HOOK_FILE FIXTURES_DIR ACTIVITY_LOG TicketUserReply TICKET_ID STATUS
 *        php whmcs_stub.php HOOK_FILE FIXTURES_DIR ACTIVITY_LOG AfterCronJob
 */

define('WHMCS', true);

[, $hookFile, $fixtures, $activityLog, $hookPoint] = $argv;
$hooks = [];

function add_hook($hookPoint, $priority, $callback)
{
    $GLOBALS['hooks'][$hookPoint][] = $callback;
}

function localAPI($command, $values = [], $adminUsername = null)
{
    $id = $command === 'GetClientsDetails' ? $values['clientid'] : $values['ticketid'];
    $file = "{$GLOBALS['fixtures']}/{$command}-{$id}.json";
    if (!is_file($file)) {
        return ['result' => 'error', 'message' => $command === 'GetClientsDetails' ? 'Client Not Found' : 'Ticket ID Not Found'];
    }

    return json_decode(file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
}

function logActivity($message, $clientId = 0)
{
    file_put_contents($GLOBALS['activityLog'], $message . "\n", FILE_APPEND);
}

require $hookFile;

// WHMCS passes TicketClose the ticket's id, a reply or status change the ticket's id and its status
// after it (TicketUserReply, TicketAdminReply, TicketStatusChange), and AfterCronJob nothing.
$vars = $hookPoint === 'AfterCronJob' ? [] : ['ticketid' => (int) $argv[5]] + (isset($argv[6]) ? ['status' => $argv[6]] : []);
foreach ($hooks[$hookPoint] ?? [] as $hook) {
    $hook($vars);
}

echo "{$hookPoint} returned\n";
