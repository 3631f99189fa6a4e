using Azure;

namespace CsatFunctions.Agents;

/// <summary>
/// A daily agent's answered survey, noted under its local day until a digest carries it; the ETag lets the
/// digest forget exactly the note it read, not one the answer's repair wrote again meanwhile.
/// </summary>
public sealed record NotedAnswer(DateOnly Day, string SurveyId, ETag ETag);
