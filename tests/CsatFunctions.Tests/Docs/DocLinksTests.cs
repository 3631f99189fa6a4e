using System.Text;
using System.Text.RegularExpressions;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Docs;

/// <summary>
/// README.md and the pages under docs/: every relative link reaches a file (and, with an anchor, a
/// heading in it, slugged as GitHub does), and the README stays a short front page.
/// </summary>
public sealed partial class DocLinksTests
{
    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_reaches_a_file_and_heading()
    {
        var root = AzuriteProcess.RepositoryRoot();

        var broken = BrokenLinks(root, Pages(root));

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_readme_is_under_200_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(AzuriteProcess.RepositoryRoot(), "README.md")).Length;

        Assert.True(lines < 200, $"README.md has {lines} lines; move the detail to a page under docs/ and link it.");
    }

    [Fact]
    public void A_missing_file_or_heading_is_reported_and_code_is_not_read_as_links()
    {
        var root = Directory.CreateTempSubdirectory("csat-doc-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.WriteAllText(Path.Combine(root, "docs", "page.md"), "# A page\n\n## OpenTelemetry's cost\n\n## The `score`, in JSON\n\n## Twice\n\n## Twice\n");
            File.WriteAllText(Path.Combine(root, "README.md"), """
                # Front

                [fine](docs/page.md) [heading](docs/page.md#opentelemetrys-cost) [code heading](docs/page.md#the-score-in-json)
                [second of two](docs/page.md#twice-1) [here](#front) [outside the repository](../elsewhere.md) [web](https://example.org/x.md)
                [no file](docs/gone.md) [no heading](docs/page.md#opentelemetry-cost) [not here](#back)
                `[in code](docs/gone-too.md)`

                ```md
                [in a fence](docs/gone-as-well.md)
                ```
                """);

            var broken = BrokenLinks(root, [Path.Combine(root, "README.md"), Path.Combine(root, "docs", "page.md")]);

            Assert.Equal(["README.md:5: docs/gone.md", "README.md:5: docs/page.md#opentelemetry-cost", "README.md:5: #back"], broken);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>README.md and every Markdown file under docs/.</summary>
    private static IEnumerable<string> Pages(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Prepend(Path.Combine(root, "README.md"));

    /// <summary>
    /// Each link that does not resolve, as <c>file:line: target</c>. Absolute URLs are not followed, nor
    /// links that leave the repository (the contract lives beside it, not in a clone).
    /// </summary>
    private static List<string> BrokenLinks(string root, IEnumerable<string> pages)
    {
        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (var (line, target) in Links(page))
            {
                if (Scheme().IsMatch(target))
                {
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
                var file = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
                if (!file.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                var found = File.Exists(file) || (anchor is null && Directory.Exists(file));
                if (found && anchor is not null)
                {
                    found = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && Slugs(file).Contains(anchor);
                }

                if (!found)
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}:{line}: {target}");
                }
            }
        }

        return broken;
    }

    /// <summary>The targets of a page's inline and reference links, with their line numbers, outside code.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string page)
    {
        var number = 0;
        foreach (var text in Prose(page))
        {
            number++;
            var line = CodeSpan().Replace(text, "code");
            foreach (Match link in InlineLink().Matches(line))
            {
                yield return (number, link.Groups["target"].Value.Trim('<', '>'));
            }

            if (ReferenceLink().Match(line) is { Success: true } reference)
            {
                yield return (number, reference.Groups["target"].Value.Trim('<', '>'));
            }
        }
    }

    /// <summary>The page's lines, with those in fenced code blocks blanked (so line numbers stay right).</summary>
    private static IEnumerable<string> Prose(string page)
    {
        string? fence = null;
        foreach (var line in File.ReadLines(page))
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                yield return "";
            }
            else if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                yield return "";
            }
            else
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// The anchors GitHub gives a page's headings: the heading's text (link text for links), lowercased,
    /// without punctuation other than hyphens and underscores, spaces as hyphens; a repeat gains -1, -2…
    /// </summary>
    private static HashSet<string> Slugs(string page)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Prose(page))
        {
            if (Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var text = InlineLink().Replace(heading.Groups["text"].Value, link => link.Groups["label"].Value).Trim().ToLowerInvariant();
            var slug = new StringBuilder();
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var unique = slug.ToString();
            for (var repeat = 1; !slugs.Add(unique); repeat++)
            {
                unique = $"{slug}-{repeat}";
            }
        }

        return slugs;
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(`+)(?:(?!\1).)+\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?<label>[^\]]*)\]\((?<target><[^>]*>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
