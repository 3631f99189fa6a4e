namespace CsatFunctions.Verify;

/// <summary>A published file that could not be read or parsed: its path and why (the audit names it and exits 1, no stack trace).</summary>
internal sealed class UnreadableFileException(string path, string reason, Exception inner) : Exception($"{path}: {reason}", inner);
