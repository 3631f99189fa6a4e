using CsatFunctions.SelfHost;
using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Settings;

public sealed class CsatSettingsTests
{
    private const string LinkKey = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==";

    [Fact]
    public void Development_needs_only_a_link_signing_key_and_uses_the_contract_defaults()
    {
        var selfHost = SelfHostSettings.Read(Config(("Csat:LinkSigningKey", LinkKey)), isDevelopment: true);
        var settings = selfHost.Pipeline;

        Assert.Equal("Example Hosting", settings.Csat.CompanyName);
        Assert.Equal(new Uri("http://localhost:7071"), settings.Csat.PublicBaseUrl);
        Assert.Null(settings.Csat.WebhookSecret);
        Assert.Null(settings.Csat.AdminKey);
        Assert.Equal("0 */5 * * * *", settings.Csat.ScoreSchedule);
        Assert.Equal("UseDevelopmentStorage=true", settings.Storage.ConnectionString);
        Assert.True(selfHost.UsesDevMailSink);
        Assert.Equal("surveys@example.com", settings.SendGrid.FromEmail);
        Assert.Equal("Example Hosting", settings.SendGrid.FromName);
    }

    [Fact]
    public void The_reminder_is_off_and_events_refused_until_configured_and_sendgrids_key_is_read_as_shown()
    {
        var unset = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey)));
        var set = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:ReminderAfterDays", "3"), ("SendGrid:EventWebhookPublicKey", Infrastructure.SendGridEvents.PublicKey)));

        Assert.Equal((TimeSpan.Zero, null), (unset.Csat.ReminderAfter, unset.SendGrid.EventWebhookKey));
        Assert.Equal(TimeSpan.FromDays(3), set.Csat.ReminderAfter);
        Assert.NotNull(set.SendGrid.EventWebhookKey);
    }

    [Fact]
    public void The_survey_leaves_at_once_and_a_reopen_after_it_keeps_it_until_the_send_rules_say_otherwise()
    {
        var unset = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey))).Csat.SendRules;
        var set = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:SendDelay", "PT24H"), ("Csat:ReopenAfterEmail", "ask-again"))).Csat.SendRules;

        Assert.Equal((TimeSpan.Zero, CsatFunctions.Surveys.SendRules.ReopenAfterEmail.Keep), (unset.SendDelay, unset.ReopenAfterEmail));
        Assert.Equal((TimeSpan.FromHours(24), CsatFunctions.Surveys.SendRules.ReopenAfterEmail.AskAgain), (set.SendDelay, set.ReopenAfterEmail));

        // ISO 8601 writes weeks on their own.
        Assert.Equal(TimeSpan.FromDays(14), CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:SendDelay", "P2W"))).Csat.SendRules.SendDelay);
    }

    [Fact]
    public void A_ticket_links_to_its_own_helpdesk_or_to_the_default_template()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:LinkSigningKey", LinkKey),
            ("Csat:TicketUrlTemplate", "https://help.example/t/{ticketId}"),
            ("Csat:TicketUrlTemplates:Zendesk", "https://acme.zendesk.com/agent/tickets/{ticketId}")));

        Assert.Equal("https://acme.zendesk.com/agent/tickets/1042", settings.Csat.TicketUrl("zendesk", "1042")!.AbsoluteUri);
        Assert.Equal("https://help.example/t/SD-7%2F1", settings.Csat.TicketUrl("jira", "SD-7/1")!.AbsoluteUri);
        Assert.Null(CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey))).Csat.TicketUrl("zendesk", "1042"));
    }

    [Fact]
    public void Each_helpdesk_reads_its_settings_by_the_convention_and_its_older_keys_still_work()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:LinkSigningKey", LinkKey),
            ("Csat:Helpdesks:zendesk:Secret", "zendesk-by-convention-0123"),
            ("Csat:Helpdesks:zendesk:TicketUrl", "https://acme.zendesk.com/agent/tickets/{ticketId}"),
            ("Csat:Helpdesks:generic:TicketUrl", "https://help.example/t/{ticketId}"),
            ("Csat:JiraSecret", "jira-by-the-older-key-0123"),
            ("Csat:Helpdesks:freshdesk:Secret", "freshdesk-by-convention-0123"),
            ("Csat:FreshdeskSecret", "freshdesk-by-the-older-key-0123"),
            ("Csat:TicketUrlTemplates:freshdesk", "https://old.example/{ticketId}"),
            ("Csat:Helpdesks:freshdesk:TicketUrl", "https://acme.freshdesk.com/a/tickets/{ticketId}")));

        Assert.Equal(("zendesk-by-convention-0123", "jira-by-the-older-key-0123", "freshdesk-by-convention-0123"), (settings.Csat.Helpdesks["zendesk"].Secret, settings.Csat.Helpdesks["jira"].Secret, settings.Csat.Helpdesks["freshdesk"].Secret));
        Assert.False(settings.Csat.Helpdesks.ContainsKey("helpscout"));
        Assert.Equal("https://acme.zendesk.com/agent/tickets/1042", settings.Csat.TicketUrl("zendesk", "1042")!.AbsoluteUri);
        Assert.Equal("https://acme.freshdesk.com/a/tickets/7", settings.Csat.TicketUrl("freshdesk", "7")!.AbsoluteUri);
        Assert.Equal("https://help.example/t/T-1", settings.Csat.TicketUrl("generic", "T-1")!.AbsoluteUri);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void A_helpdesk_setting_by_the_convention_is_checked_by_its_own_key_and_a_name_that_is_no_helpdesk_is_refused()
    {
        var config = Config(
            ("Csat:LinkSigningKey", LinkKey),
            ("Csat:Helpdesks:zendsk:Secret", "typo-in-the-name-0123456"),
            ("Csat:Helpdesks:jira:Secret", "short"),
            ("Csat:Helpdesks:zendesk:TicketUrl", "acme.zendesk.com/{ticketId}"));

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"Csat__Helpdesks__zendsk names no helpdesk: use one of {string.Join(", ", CsatFunctions.Helpdesks.HelpdeskFormats.All.Select(format => format.Name))}, generic.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__jira__Secret must be at least 16 characters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__zendesk__TicketUrl must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("typo-in-the-name", p));
    }

    [Fact]
    public void Help_scout_writes_back_with_its_app_keys_alone_and_another_helpdesk_needs_its_api_url()
    {
        var helpScout = CsatSettings.Read(Config(
            ("Csat:LinkSigningKey", LinkKey),
            ("Csat:Helpdesks:helpscout:WriteBack", "note"),
            ("Csat:Helpdesks:helpscout:ClientId", "app-id-0123456789"),
            ("Csat:Helpdesks:helpscout:ClientSecret", "app-secret-0123456789")));
        Assert.Equal("note", helpScout.Csat.Helpdesks["helpscout"]["WriteBack"]);

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:LinkSigningKey", LinkKey),
            ("Csat:Helpdesks:freshdesk:WriteBack", "note"),
            ("Csat:Helpdesks:freshdesk:ApiKey", "freshdesk-api-key-0123")))).Problems;
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshdesk__ApiUrl ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_no_helpdesk_reads_is_warned_about()
    {
        var settings = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:Helpdesks:zendesk:Secrets", "zendesk-by-convention-0123")));

        Assert.Equal("Csat__Helpdesks__zendesk__Secrets is not read: zendesk's settings are Secret, ApiUrl, ApiUser, ApiToken, BottomStatus, BottomTag, WriteBack, NotesPerSecond, TicketUrl.", Assert.Single(settings.Warnings));
    }

    [Fact]
    public void The_sender_name_defaults_to_the_company_name()
    {
        var settings = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:CompanyName", "Acme Hosting")));

        Assert.Equal("Acme Hosting", settings.SendGrid.FromName);
    }

    [Theory]
    [InlineData("Csat:LinkSigningKey", null, "Csat__LinkSigningKey is required")]
    [InlineData("Csat:LinkSigningKey", "c2hvcnQ=", "Csat__LinkSigningKey must be the base64 of at least 32")]
    [InlineData("Csat:PublicBaseUrl", "csat.example.com", "Csat__PublicBaseUrl must be an absolute")]
    [InlineData("Csat:PublicBaseUrl", "ftp://csat.example.com", "Csat__PublicBaseUrl must be an absolute")]
    [InlineData("Csat:WebhookSecret", "whsec_c2hvcnQ=", "Csat__WebhookSecret must be whsec_")]
    [InlineData("Csat:ScoreSchedule", "*/5 * * * *", "Csat__ScoreSchedule must be an NCRONTAB expression with 6 fields")]
    [InlineData("SendGrid:FromEmail", "surveys", "SendGrid__FromEmail must be a single email address")]
    [InlineData("SendGrid:BaseUrl", "not a url", "SendGrid__BaseUrl must be an absolute")]
    [InlineData("AzureWebJobsStorage", "nonsense", "AzureWebJobsStorage is not a valid storage connection string")]
    [InlineData("Csat:StoragePrefix", "Bad-Prefix", "Csat__StoragePrefix must be")]
    [InlineData("Csat:WebhookRequestsPerMinute", "-1", "Csat__WebhookRequestsPerMinute must be a whole number of requests per minute")]
    [InlineData("Csat:RatingPostsPerMinute", "lots", "Csat__RatingPostsPerMinute must be a whole number of requests per minute")]
    [InlineData("Csat:AlertEmail", "lead", "Csat__AlertEmail must be a single email address")]
    [InlineData("Csat:AlertWebhookUrl", "hooks.slack.com/x", "Csat__AlertWebhookUrl must be an absolute http or https URL")]
    [InlineData("Csat:AlertWebhookFormat", "discord", "Csat__AlertWebhookFormat must be slack (Block Kit), teams")]
    [InlineData("Csat:KudosWebhookFormat", "discord", "Csat__KudosWebhookFormat must be slack (Block Kit), teams")]
    [InlineData("Csat:KudosWebhookUrl", "chat", "Csat__KudosWebhookUrl must be an absolute http or https URL")]
    [InlineData("Csat:Agents:Patrick:Email", "patrick", "Csat__Agents__Patrick__Email must be the agent's one email address")]
    [InlineData("Csat:Agents:0:Name", "Patrick Jane", "Csat__Agents__0__Email must be set")]
    [InlineData("Csat:Agents:DigestHour", "24", "Csat__Agents__DigestHour must be a whole hour from 0 to 23")]
    [InlineData("Csat:Agents:TimeZone", "Mars/Olympus", "Csat__Agents__TimeZone must be an IANA time zone")]
    [InlineData("Csat:ZendeskSecret", "short", "Csat__ZendeskSecret must be at least 16 characters")]
    [InlineData("Csat:SendWindow", "02:00:00", "Csat__SendWindow must be a time span from 35 seconds")]
    [InlineData("Csat:SendWindow", "00:00:10", "Csat__SendWindow must be a time span from 35 seconds")]
    [InlineData("Csat:MinimumRatedToShow", "0", "Csat__MinimumRatedToShow must be a whole number of ratings from 1")]
    [InlineData("Csat:ScoreCacheSeconds", "0", "Csat__ScoreCacheSeconds must be a whole number of seconds from 1 to 3600")]
    [InlineData("Csat:ViewerKey", "short", "Csat__ViewerKey must be at least 32 characters outside Development and differ from Csat__AdminKey")]
    [InlineData("Csat:ViewerKey", "viewer-key-0123456789abcdefghij", "Csat__ViewerKey must be at least 32 characters outside Development")]
    [InlineData("Csat:AdminKey", "admin-key-0123456789abcdefghijk", "Csat__AdminKey must be at least 32 characters outside Development")]
    [InlineData("Csat:TicketUrlTemplate", "https://acme.zendesk.com/agent/tickets/", "Csat__TicketUrlTemplate must be an absolute http or https URL with {ticketId}")]
    [InlineData("Csat:TicketUrlTemplates:jira", "jira/{ticketId}", "Csat__TicketUrlTemplates__jira must be an absolute http or https URL with {ticketId}")]
    [InlineData("Csat:ShareLinkDays", "0", "Csat__ShareLinkDays must be a whole number of days from 1 to 365")]
    [InlineData("Csat:ShareLinkDays", "366", "Csat__ShareLinkDays must be a whole number of days from 1 to 365")]
    [InlineData("Csat:ReminderAfterDays", "7", "Csat__ReminderAfterDays must be a whole number of days from 1 to 6, or 0")]
    [InlineData("Csat:ReminderAfterDays", "-1", "Csat__ReminderAfterDays must be a whole number of days from 1 to 6, or 0")]
    [InlineData("SendGrid:EventWebhookPublicKey", "not-a-key", "SendGrid__EventWebhookPublicKey must be the verification key SendGrid shows")]
    [InlineData("Csat:RetentionDays", "-1", "Csat__RetentionDays must be a whole number of days from 0 (keep) to 36500")]
    [InlineData("Csat:DefaultLocale", "it", "Csat__DefaultLocale must be one of the languages surveys are written in: en, de, fr, es, nl")]
    [InlineData("Csat:TextsDirectory", "/nonexistent/texts", "Csat__TextsDirectory must be a directory that exists")]
    [InlineData("Csat:SendDelay", "24h", "Csat__SendDelay must be an ISO 8601 duration from PT0S (at once) to P30D")]
    [InlineData("Csat:SendDelay", "P31D", "Csat__SendDelay must be an ISO 8601 duration from PT0S (at once) to P30D")]
    [InlineData("Csat:SendDelay", "-PT1H", "Csat__SendDelay must be an ISO 8601 duration from PT0S (at once) to P30D")]
    [InlineData("Csat:SendDelay", "P5W", "Csat__SendDelay must be an ISO 8601 duration from PT0S (at once) to P30D")]
    [InlineData("Csat:ReopenAfterEmail", "ask", "Csat__ReopenAfterEmail must be keep (the first survey stands) or ask-again")]
    [InlineData("Csat:ReviewInviteUrl", "www.trustpilot.com/review/example.com", "Csat__ReviewInviteUrl must be an absolute http or https URL with no user name or password")]
    [InlineData("Csat:ReviewInviteUrl", "https://owner:hunter2@www.trustpilot.com/review/example.com", "Csat__ReviewInviteUrl must be an absolute http or https URL with no user name or password")]
    public void A_bad_setting_stops_start_up_with_one_line_naming_its_key(string key, string? value, string expected)
    {
        var config = Config(("Csat:LinkSigningKey", LinkKey), (key, value));

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems);

        Assert.StartsWith(expected, problem);
    }

    [Theory]
    [InlineData("P7D")]
    [InlineData("P10D")]
    public void A_send_delay_as_long_as_the_retention_stops_start_up_since_no_waiting_survey_would_be_asked(string sendDelay)
    {
        var config = Config(("Csat:LinkSigningKey", LinkKey), ("Csat:RetentionDays", "7"), ("Csat:SendDelay", sendDelay));

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems);

        Assert.StartsWith("Csat__SendDelay must be shorter than Csat__RetentionDays (7 days)", problem);
    }

    [Fact]
    public void A_send_delay_shorter_than_the_retention_or_with_no_retention_starts()
    {
        var inside = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:RetentionDays", "7"), ("Csat:SendDelay", "PT167H")));
        var keep = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:RetentionDays", "0"), ("Csat:SendDelay", "P30D")));

        Assert.Equal((TimeSpan.FromHours(167), TimeSpan.FromDays(30)), (inside.Csat.SendRules.SendDelay, keep.Csat.SendRules.SendDelay));
    }

    [Fact]
    public void Development_accepts_desk_keys_of_16_characters_and_the_refusal_elsewhere_does_not_echo_them()
    {
        var config = Config(("Csat:LinkSigningKey", LinkKey), ("Csat:AdminKey", "short-admin-key-1"), ("Csat:ViewerKey", "short-viewer-key"));

        var development = CsatSettings.Read(config, isDevelopment: true);
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        Assert.Equal(("short-admin-key-1", "short-viewer-key"), (development.Csat.AdminKey, development.Csat.ViewerKey));
        Assert.Equal(["Csat__AdminKey", "Csat__ViewerKey"], problems.Select(problem => problem.Split(' ')[0]));
        Assert.DoesNotContain(problems, problem => problem.Contains("short-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_settings_start_in_Development_and_outside_it_each_sample_secret_is_refused_in_one_line()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Path.Combine(Infrastructure.AzuriteProcess.RepositoryRoot(), "local.settings.sample.json")).Build().GetSection("Values").AsEnumerable(makePathsRelative: true);
        var config = Config([.. sample.Select(value => (value.Key.Replace("__", ":", StringComparison.Ordinal), value.Value))]);

        var development = CsatSettings.Read(config, isDevelopment: true);
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        Assert.Equal("dev-admin-key", development.Csat.AdminKey);
        Assert.Equal(["Csat__AdminKey", "Csat__LinkSigningKey", "Csat__WebhookSecret"], problems.Select(problem => problem.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.All(problems, problem => Assert.Contains("is the sample value from local.settings.sample.json", problem));
        Assert.All(sample.Where(value => value.Key.Contains("Key", StringComparison.Ordinal) || value.Key.Contains("Secret", StringComparison.Ordinal)), secret =>
            Assert.DoesNotContain(problems, problem => problem.Contains(secret.Value!, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_help_scout_secret_longer_than_help_scout_accepts_is_refused()
    {
        var config = Config(("Csat:LinkSigningKey", LinkKey), ("Csat:HelpScoutSecret", new string('k', 41)));

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems);

        Assert.StartsWith("Csat__HelpScoutSecret must be at least 1 and at most 40 characters", problem);
    }

    [Fact]
    public void A_short_help_scout_secret_as_in_its_own_example_is_accepted_with_a_warning_that_does_not_echo_it()
    {
        var settings = CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:HelpScoutSecret", "hs-secret1")));

        Assert.Equal("hs-secret1", settings.Csat.Helpdesks["helpscout"].Secret);
        var warning = Assert.Single(settings.Warnings);
        Assert.StartsWith("Csat__HelpScoutSecret is shorter than 16 characters", warning);
        Assert.DoesNotContain("hs-secret1", warning);
    }

    [Fact]
    public void Several_bad_settings_give_one_line_each()
    {
        var config = Config(("Csat:PublicBaseUrl", "nope"), ("Csat:ScoreSchedule", "nope"));

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void Outside_development_a_sendgrid_key_is_required()
    {
        var problem = Assert.Single(Assert.Throws<SettingsException>(() => SelfHostSettings.Read(Config(("Csat:LinkSigningKey", LinkKey)), isDevelopment: false)).Problems);

        Assert.StartsWith("SendGrid__ApiKey is required outside Development", problem);
    }

    [Fact]
    public void A_secret_value_is_never_echoed_in_the_problem()
    {
        const string secret = "whsec_this-is-not-base64-but-is-secret";

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(("Csat:LinkSigningKey", LinkKey), ("Csat:WebhookSecret", secret)))).Problems;

        Assert.DoesNotContain(problems, p => p.Contains("this-is-not-base64", StringComparison.Ordinal));
    }

    [Fact]
    public void Queue_trigger_options_come_from_host_json_with_the_functions_defaults()
    {
        var defaults = QueueHostOptions.Read(new SettingsReader(Config()));
        var read = QueueHostOptions.Read(new SettingsReader(HostJsonQueues(("batchSize", "4"), ("maxPollingInterval", "00:00:02"), ("visibilityTimeout", "00:00:30"), ("maxDequeueCount", "3"))));

        Assert.Equal(new QueueHostOptions { BatchSize = 16, NewBatchThreshold = 8, MaxPollingInterval = TimeSpan.FromMinutes(1), VisibilityTimeout = TimeSpan.Zero, MaxDequeueCount = 5 }, defaults);
        Assert.Equal(new QueueHostOptions { BatchSize = 4, NewBatchThreshold = 2, MaxPollingInterval = TimeSpan.FromSeconds(2), VisibilityTimeout = TimeSpan.FromSeconds(30), MaxDequeueCount = 3 }, read);
    }

    [Theory]
    [InlineData("batchSize", "64")]
    [InlineData("maxDequeueCount", "0")]
    [InlineData("maxPollingInterval", "soon")]
    public void A_bad_host_json_queue_setting_is_named(string key, string value)
    {
        var settings = new SettingsReader(HostJsonQueues((key, value)));
        QueueHostOptions.Read(settings);
        var problem = Assert.Single(settings.Errors);

        Assert.StartsWith($"extensions.queues.{key} in host.json", problem);
    }

    private static IConfiguration HostJsonQueues(params (string Key, string? Value)[] values) =>
        Config([.. values.Select(v => (QueueHostOptions.Section + v.Key, v.Value))]);

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value)).Build();
}
