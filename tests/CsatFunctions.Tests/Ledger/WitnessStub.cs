using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NSec.Cryptography;

namespace CsatFunctions.Tests.Ledger;

/// <summary>What the stub witness does with a checkpoint that passes its checks.</summary>
public enum WitnessBehaviour
{
    Cosign,

    /// <summary>Signs with another key under its own name and key ID.</summary>
    ForgeKey,

    /// <summary>Signs a checkpoint text other than the one it was sent.</summary>
    ForgeText,

    /// <summary>Answers nothing until the test releases it.</summary>
    Hang,

    /// <summary>Answers <see cref="WitnessStub.RefuseWith"/>.</summary>
    Refuse,
}

/// <summary>
/// A C2SP tlog-witness on a free loopback port, written from the spec and not from Core: it verifies the
/// log's Ed25519 signature with NSec from the log's vkey, keeps the latest size and root it cosigned,
/// answers 409 <c>text/x.tlog.size</c> to another old size, 422 to a consistency proof that does not
/// verify, and cosigns per tlog-cosignature v1 (<c>cosignature/v1\ntime {t}\n</c> + the note text)
/// with its own Ed25519 key, at the time of the test's clock.
/// </summary>
public sealed class WitnessStub : IAsyncDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key key = Key.Create(Ed25519);
    private readonly Key otherKey = Key.Create(Ed25519);
    private readonly Lock gate = new();
    private readonly string logOrigin;
    private readonly uint logKeyId;
    private readonly PublicKey logKey;
    private readonly TimeProvider time;
    private WebApplication app = null!;
    private long size;
    private byte[] root = SHA256.HashData([]);
    private bool disposed;

    private WitnessStub(string name, string logVkey, TimeProvider time)
    {
        Name = name;
        this.time = time;
        var parts = logVkey.Split('+', 3);
        var bytes = Convert.FromBase64String(parts[2]);
        Assert.Equal(1, bytes[0]);
        (logOrigin, logKeyId, logKey) = (parts[0], uint.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), PublicKey.Import(Ed25519, bytes[1..], KeyBlobFormat.RawPublicKey));
        KeyId = KeyIdOf(name, key.PublicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The witness's cosignature vkey, type 0x04: what <c>Csat__LogWitnesses</c> names it by.</summary>
    public string VerifierKey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([0x04, .. key.PublicKey.Export(KeyBlobFormat.RawPublicKey)])}";

    /// <summary>The submission prefix.</summary>
    public Uri Url => new(app.Urls.First() + "/witness");

    /// <summary><c>{vkey} {url}</c>, one witness of <c>Csat__LogWitnesses</c>.</summary>
    public string Setting => $"{VerifierKey} {Url}";

    public WitnessBehaviour Behaviour { get; set; }

    public int RefuseWith { get; set; } = StatusCodes.Status422UnprocessableEntity;

    /// <summary>The content type of a 409's size (the spec's, as a server may spell it: media types are case-insensitive).</summary>
    public string ConflictType { get; set; } = "text/x.tlog.size";

    /// <summary>A signature line added to every cosignature, such as another witness's.</summary>
    public string? ExtraLine { get; set; }

    /// <summary>Each request's old size and count of proof lines, and the status answered, in order.</summary>
    public ConcurrentQueue<(long OldSize, int ProofLines, int Status)> Requests { get; } = new();

    /// <summary>Set when a request has arrived.</summary>
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What a <see cref="WitnessBehaviour.Hang"/>ing witness awaits.</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The size of the latest checkpoint it cosigned.</summary>
    public long Size => size;

    public static async Task<WitnessStub> StartAsync(string name, string logVkey, TimeProvider time)
    {
        var stub = new WitnessStub(name, logVkey, time);
        stub.app = await LocalSite.StartAsync(site => site.MapPost("/witness/add-checkpoint", stub.AddCheckpointAsync));
        return stub;
    }

    /// <summary>As if it had cosigned a checkpoint of this size and root before (sent by another instance of the log).</summary>
    public void Saw(long treeSize, byte[] rootHash) => (size, root) = (treeSize, rootHash);

    /// <summary>Whether <paramref name="line"/> is this witness's cosignature of <paramref name="text"/>.</summary>
    public bool Cosigned(string text, string line)
    {
        var bytes = Convert.FromBase64String(line[(line.LastIndexOf(' ') + 1)..].TrimEnd('\n'));
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(4));
        return line.StartsWith($"\u2014 {Name} ", StringComparison.Ordinal) && bytes.Length == 76 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == KeyId
            && Ed25519.Verify(key.PublicKey, Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp}\n{text}"), bytes.AsSpan(12));
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Released.TrySetResult();
        await app.DisposeAsync();
        key.Dispose();
        otherKey.Dispose();
    }

    private async Task<IResult> AddCheckpointAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        Asked.TrySetResult();
        var (status, answer) = await AnswerAsync(body);
        var lastOld = long.TryParse(body.Split('\n')[0].Replace("old ", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var old) ? old : -1;
        Requests.Enqueue((lastOld, body[..Math.Max(0, body.IndexOf("\n\n", StringComparison.Ordinal))].Split('\n').Length - 1, status));
        return status == StatusCodes.Status409Conflict ? Results.Text(answer, ConflictType, statusCode: status)
            : status == StatusCodes.Status200OK ? Results.Text(answer, "text/plain; charset=utf-8")
            : Results.StatusCode(status);
    }

    private async Task<(int Status, string Answer)> AnswerAsync(string body)
    {
        var split = body.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? [] : body[..split].Split('\n');
        if (head.Length == 0 || !head[0].StartsWith("old ", StringComparison.Ordinal) || !long.TryParse(head[0][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var oldSize))
        {
            return (400, "");
        }

        var proof = head[1..].Select(Convert.FromBase64String).ToList();
        var note = body[(split + 2)..];
        var signatures = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        var text = note[..(signatures + 1)];
        var lines = text.Split('\n');
        if (lines[0] != logOrigin)
        {
            return (404, "");
        }

        if (!SignedByLog(text, note[(signatures + 2)..]))
        {
            return (403, "");
        }

        var (newSize, newRoot) = (long.Parse(lines[1], CultureInfo.InvariantCulture), Convert.FromBase64String(lines[2]));
        if (oldSize > newSize)
        {
            return (400, "");
        }

        if (Behaviour == WitnessBehaviour.Hang)
        {
            await Released.Task;
        }

        if (Behaviour == WitnessBehaviour.Refuse)
        {
            return (RefuseWith, "");
        }

        lock (gate)
        {
            if (oldSize != size)
            {
                return (409, $"{size}\n");
            }

            var consistent = oldSize == 0 ? proof.Count == 0
                : oldSize == newSize ? proof.Count == 0 && root.SequenceEqual(newRoot)
                : MerkleTree.VerifyConsistency(oldSize, newSize, root, newRoot, proof);
            if (!consistent)
            {
                return (422, "");
            }

            (size, root) = (newSize, newRoot);
        }

        var timestamp = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
        var signed = Behaviour == WitnessBehaviour.ForgeText ? text.Replace(lines[1], (newSize + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : text;
        var signature = Ed25519.Sign(Behaviour == WitnessBehaviour.ForgeKey ? otherKey : key, Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp}\n{signed}"));
        var bytes = new byte[4 + 8 + 64];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4), timestamp);
        signature.CopyTo(bytes, 12);
        return (200, $"\u2014 {Name} {Convert.ToBase64String(bytes)}\n{ExtraLine}");
    }

    /// <summary>The log's own signature line, found by its name and key ID, verifies (signed-note); other lines are ignored.</summary>
    private bool SignedByLog(string text, string signatureLines) =>
        signatureLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith($"\u2014 {logOrigin} ", StringComparison.Ordinal))
            .Select(line => Convert.FromBase64String(line[(line.LastIndexOf(' ') + 1)..]))
            .Any(bytes => bytes.Length == 68 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == logKeyId && Ed25519.Verify(logKey, Encoding.UTF8.GetBytes(text), bytes.AsSpan(4)));

    private static uint KeyIdOf(string name, PublicKey publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), (byte)'\n', 0x04, .. publicKey.Export(KeyBlobFormat.RawPublicKey)]));
}
