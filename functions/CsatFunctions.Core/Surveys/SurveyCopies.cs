namespace CsatFunctions.Surveys;

/// <summary>Every store that keeps a copy of a survey's personal data, erased at once.</summary>
public sealed class SurveyCopies(IEnumerable<IHoldsSurveyPersonalData> stores)
{
    public Task EraseAsync(Survey survey, CancellationToken cancellationToken) =>
        Task.WhenAll(stores.Select(store => store.ErasePersonalDataAsync(survey, cancellationToken)));
}
