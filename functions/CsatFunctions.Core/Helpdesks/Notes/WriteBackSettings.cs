using System.Globalization;
using CsatFunctions.Settings;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// Whether a helpdesk's answers go back to its tickets: <c>Csat__Helpdesks__{name}__WriteBack</c> =
/// <c>off</c> (the default) or <c>note</c>, for the helpdesks whose format has a
/// <see cref="HelpdeskFormat.Notes"/> writer. With <c>note</c>, <c>ApiUrl</c> (where <see cref="HelpdeskNoteWriter.NeedsApiUrl"/>) and each of the writer's
/// <see cref="HelpdeskNoteWriter.Credentials"/> are required; its <see cref="HelpdeskNoteWriter.BottomSettings"/>
/// and <c>NotesPerSecond</c> (the pace notes are written at, from this process) are optional.
/// </summary>
public static class WriteBackSettings
{
    public const string WriteBack = "WriteBack";
    public const string Note = "note";
    public const string Off = "off";
    public const string NotesPerSecond = "NotesPerSecond";

    /// <summary>The keys write-back reads for <paramref name="format"/>: <c>WriteBack</c> for every helpdesk (so <c>note</c> where none can be written is an error, not a warning), the rest only where notes can be written.</summary>
    public static IEnumerable<string> Keys(HelpdeskFormat format) =>
        format.Notes is { } notes
            ? [WriteBack, NotesPerSecond, ApiCredentials.ApiUrl, .. notes.Credentials, .. notes.BottomSettings]
            : [WriteBack];

    /// <summary>Whether this helpdesk's answers are written to its tickets.</summary>
    public static bool WritesNotes(HelpdeskConfig config) =>
        string.Equals(config[WriteBack], Note, StringComparison.OrdinalIgnoreCase) && HelpdeskFormats.Find(config.Helpdesk)?.Notes is not null;

    /// <summary>The pace notes are written at: <c>NotesPerSecond</c>, else the vendor's default (<see cref="HelpdeskNoteWriter.DefaultNotesPerSecond"/>).</summary>
    public static double PaceOf(HelpdeskConfig config, HelpdeskNoteWriter writer) =>
        config[NotesPerSecond] is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var pace) ? pace : writer.DefaultNotesPerSecond;

    /// <summary>Checks the write-back settings, one line per bad or missing key.</summary>
    public static void Validate(HelpdeskFormat format, HelpdeskConfig config, SettingsReader settings)
    {
        var key = HelpdeskSettings.Key(config.Helpdesk, WriteBack);
        var mode = config[WriteBack];
        if (mode is null || string.Equals(mode, Off, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!settings.Require(string.Equals(mode, Note, StringComparison.OrdinalIgnoreCase), $"{key} must be off or note."))
        {
            return;
        }

        if (!settings.Require(format.Notes is not null, $"{key} cannot be note: {config.Helpdesk}'s answers cannot be written back to its tickets; set it to off."))
        {
            return;
        }

        var required = format.Notes!.NeedsApiUrl ? format.Notes.Credentials.Prepend(ApiCredentials.ApiUrl) : format.Notes.Credentials;
        foreach (var missing in required.Where(setting => config[setting] is null))
        {
            var setting = HelpdeskSettings.Key(config.Helpdesk, missing);

            // A helpdesk whose own validation already asked for the same key (ApiUrl with its credentials) keeps one line per key.
            if (!settings.Errors.Any(error => error.StartsWith(setting + " ", StringComparison.Ordinal)))
            {
                settings.Require(false, $"{setting} must be set: {key} is note, and notes are written through {config.Helpdesk}'s API.");
            }
        }

        if (config[NotesPerSecond] is { } pace)
        {
            settings.Require(
                double.TryParse(pace, NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond) && perSecond is >= 0.01 and <= 1000,
                $"{HelpdeskSettings.Key(config.Helpdesk, NotesPerSecond)} must be a number of notes per second from 0.01 to 1000, such as 1.5 (below the helpdesk's own API limit).");
        }
    }
}
