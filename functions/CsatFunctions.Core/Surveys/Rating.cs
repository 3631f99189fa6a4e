namespace CsatFunctions.Surveys;

/// <summary>The default three-level scale. Excellent and Satisfactory count as satisfied.</summary>
public enum Rating
{
    Excellent,
    Satisfactory,
    Unsatisfactory,
}
