namespace CsatFunctions.Ratings;

/// <summary>The question a survey asks. Every answer also falls into the contract's three buckets.</summary>
public enum Scale
{
    /// <summary>Excellent, satisfactory, unsatisfactory: the default.</summary>
    ThreeLevel,

    /// <summary>1 to 5: 5 is excellent, 4 satisfactory (so 4 and 5 count as satisfied), 1 to 3 unsatisfactory.</summary>
    FivePoint,

    /// <summary>0 to 10, "how likely are you to recommend us": promoters 9–10 count as excellent, passives 7–8 as satisfactory, detractors 0–6 as unsatisfactory.</summary>
    Nps,
}
