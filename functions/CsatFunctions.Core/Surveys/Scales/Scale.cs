using CsatFunctions.Languages;

namespace CsatFunctions.Surveys;

/// <summary>
/// The question a survey asks and the answers it offers. Every answer also falls into the
/// contract's three buckets, so the headline figures mean the same whatever the scale. Each scale is
/// one file; <see cref="Scales"/> lists them.
/// </summary>
public abstract class Scale
{
    public static Scale ThreeLevel => Scales.ThreeLevel;

    public static Scale FivePoint => Scales.FivePoint;

    public static Scale Nps => Scales.Nps;

    /// <summary>The name in settings, events and stored rows, such as <c>five-point</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The answers a survey offers, as their wire values, in the order the email lists them.</summary>
    public abstract IReadOnlyList<string> Values { get; }

    /// <summary>The answers with their labels in the customer's language; a value without a text of its own (a middle number) is its own label.</summary>
    public IEnumerable<(string Value, string Label)> Choices(Language language) => Values.Select(value => (value, Label(value, language)));

    /// <summary>An answer as the customer reads it: its word, or its number with any words the scale puts beside it.</summary>
    public virtual string Label(string value, Language language) =>
        language.Has($"choice.{Name}.{value}") ? language.Text($"choice.{Name}.{value}") : value;

    /// <summary>Reads an answer: the contract bucket it falls in, and the number given (null when the scale has no numbers).</summary>
    public abstract bool TryRead(string? value, out Rating bucket, out int? score);

    /// <summary>The bottom of the scale, which alerts and opens a follow-up.</summary>
    public virtual bool IsBottom(Rating bucket, int? score) => bucket == Rating.Unsatisfactory;

    public string Question(Language language, string company) => language.Text($"question.{Name}", ("company", company));

    /// <summary>The answer as the support team reads it in an alert.</summary>
    public virtual string Shown(Rating bucket, int? score) => bucket.ToDisplay();

    /// <summary>The scale's own count an answer adds to, by name (beside the contract's buckets); null when the buckets say it all.</summary>
    public virtual string? CountedAs(int? score) => null;

    /// <summary>The answer as shown to the customer: the word in their language, or the number on numbered scales.</summary>
    public static string Show(Rating bucket, int? score, Language language) =>
        score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? language.Text("choice." + bucket.ToWire());

    /// <summary>The answer as the form and JSON carry it.</summary>
    public static string Wire(Rating bucket, int? score) => score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? bucket.ToWire();

    public override string ToString() => Name;
}
