using System.Runtime.CompilerServices;
using System.Text;

namespace CsatFunctions.Campaigns;

/// <summary>
/// Reads RFC 4180 CSV a record at a time from a stream, never holding the whole body: quoted fields
/// (with commas, doubled quotes and line breaks inside), CRLF or LF line ends, and a UTF-8 byte order
/// mark are all read as a spreadsheet writes them. Each record comes with the line it starts on.
/// </summary>
public static class CsvRecords
{
    public static async IAsyncEnumerable<(int Line, List<string> Fields)> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var buffer = new char[64 * 1024];
        var fields = new List<string>();
        var field = new StringBuilder();
        var (line, recordLine, quoted, afterQuote, any) = (1, 1, false, false, false);
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        (quoted, afterQuote) = (false, true);
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '"' when afterQuote:
                        // A doubled quote inside a quoted field is one quote.
                        field.Append('"');
                        (quoted, afterQuote) = (true, false);
                        break;
                    case '"' when field.Length == 0:
                        (quoted, any) = (true, true);
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        (afterQuote, any) = (false, true);
                        break;
                    case '\r':
                        break;
                    case '\n':
                        if (any || field.Length > 0 || fields.Count > 0)
                        {
                            fields.Add(field.ToString());
                            yield return (recordLine, fields);
                        }

                        fields = [];
                        field.Clear();
                        (afterQuote, any) = (false, false);
                        recordLine = ++line;
                        break;
                    default:
                        field.Append(c);
                        (afterQuote, any) = (false, true);
                        break;
                }
            }
        }

        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
