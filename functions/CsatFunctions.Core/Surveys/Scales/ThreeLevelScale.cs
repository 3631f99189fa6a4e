namespace CsatFunctions.Surveys;

/// <summary>Excellent, satisfactory, unsatisfactory: the default, and the contract's own buckets.</summary>
public sealed class ThreeLevelScale : Scale
{
    public override string Name => "three-level";

    public override IReadOnlyList<string> Values { get; } = [.. RatingNames.All.Select(r => r.ToWire())];

    public override string Label(string value, Languages.Language language) => language.Text("choice." + value);

    public override bool TryRead(string? value, out Rating bucket, out int? score)
    {
        score = null;
        return RatingNames.TryParse(value, out bucket);
    }
}
