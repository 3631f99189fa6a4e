using System.Runtime.CompilerServices;

namespace CsatFunctions.Campaigns;

/// <summary>
/// Reads an import's CSV by the columns its header row names, in any order and any case (the campaign
/// customers, the account managers): each record's values in <c>columns</c>' order, null where the
/// header lacks the column. An unknown column and a record wider than the header are named in
/// <c>rejected</c> with their line, as the import answers them.
/// </summary>
/// <param name="required">How many of the first columns the header must name for the body to be read at all.</param>
public sealed class CsvColumns(string[] columns, int required, List<RejectedLine> rejected)
{
    /// <summary>Whether the body began with a header naming the required columns; when false after reading, nothing was read.</summary>
    public bool HasHeader { get; private set; }

    public async IAsyncEnumerable<(int Line, string?[] Values)> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int[]? positions = null;
        var width = 0;
        await foreach (var (line, fields) in CsvRecords.ReadAsync(body, cancellationToken))
        {
            if (positions is null)
            {
                var header = fields.Select(f => f.Trim()).ToList();
                positions = [.. columns.Select(column => header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase)))];
                width = header.Count;
                HasHeader = positions.Take(required).All(position => position >= 0);
                if (!HasHeader)
                {
                    yield break;
                }

                var named = $"{string.Join(", ", columns[..^1])} and {columns[^1]}";
                foreach (var unknown in header.Where(h => !columns.Contains(h, StringComparer.OrdinalIgnoreCase)))
                {
                    rejected.Add(new RejectedLine(line, $"unknown column \"{unknown.ToLowerInvariant()}\", left out; the columns are {named}"));
                }

                continue;
            }

            if (fields.Count > width)
            {
                rejected.Add(new RejectedLine(line, $"{fields.Count} fields where the header has {width} (an unquoted comma?)"));
                continue;
            }

            yield return (line, [.. positions.Select(position => position >= 0 && position < fields.Count ? fields[position] : null)]);
        }
    }
}
