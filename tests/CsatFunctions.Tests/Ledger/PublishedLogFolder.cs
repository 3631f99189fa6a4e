using System.Text.Json;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// The transparency log's files as the publisher writes them (the contract of issue 28), built from Core's
/// classes: hash tiles, gzip entry bundles, the signed and cosigned checkpoint, the archived checkpoint,
/// log.vkey, log.json and score.json; and a real HTTP site serving a folder of them as the static website does.
/// </summary>
public static class PublishedLogFolder
{
    /// <summary>A witness's cosignature (C2SP tlog-cosignature v1) on a checkpoint's text, with the witness's Ed25519 key.</summary>
    public static NoteSignature Cosign(NoteSigner witness, string text, ulong at)
    {
        var signed = witness.Sign(NoteVerifier.CosignedMessage(text, at)).Signature;
        var bytes = new byte[8 + signed.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, at);
        signed.CopyTo(bytes, 8);
        return new NoteSignature(witness.Name, NoteSignature.KeyIdOf(witness.Name, NoteVerifier.Cosignature, witness.PublicKey), bytes);
    }

    /// <summary>The cosignature vkey of a witness's Ed25519 key.</summary>
    public static string WitnessKey(NoteSigner witness) =>
        $"{witness.Name}+{NoteSignature.KeyIdOf(witness.Name, NoteVerifier.Cosignature, witness.PublicKey):x8}+{Convert.ToBase64String([NoteVerifier.Cosignature, .. witness.PublicKey])}";

    /// <returns>The log's files' bytes (tiles, bundles, checkpoints, log.json, log.vkey) uncompressed and as stored.</returns>
    public static (long Raw, long Stored) Write(string folder, IReadOnlyList<byte[]> leaves, NoteSigner log, IReadOnlyList<NoteSigner> witnesses, ScoreDocument? score, ulong cosignedAt = 1_796_000_000)
    {
        var tree = new TreeHashes();
        foreach (var leaf in leaves)
        {
            tree.Append(MerkleTree.LeafHash(leaf));
        }

        var (raw, stored) = (0L, 0L);
        void Put(string path, byte[] bytes, bool gzip = false)
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var written = gzip ? GzipBytes.Pack(bytes) : bytes;
            File.WriteAllBytes(file, written);
            (raw, stored) = (raw + bytes.Length, stored + written.Length);
        }

        foreach (var (level, index, width) in Tiles.Of(tree.Size))
        {
            Put(Tiles.Path(level, index, width), Tile(tree, level, index, width));
            if (level == 0)
            {
                Put(Tiles.EntriesPath(index, width), Tiles.Bundle(leaves.Skip((int)index * Tiles.Width).Take(width)), gzip: true);
            }
        }

        var checkpoint = new LogCheckpoint(log.Name, tree.Size, tree.Root());
        var note = new SignedNote(checkpoint.Text, [log.Sign(checkpoint.Text), .. witnesses.Select(w => Cosign(w, checkpoint.Text, cosignedAt))]).ToString();
        Put("checkpoint", System.Text.Encoding.UTF8.GetBytes(note));
        Put($"checkpoints/{tree.Size}", System.Text.Encoding.UTF8.GetBytes(note));
        Put("log.vkey", System.Text.Encoding.UTF8.GetBytes(log.VerifierKey + "\n"));
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["origin"] = log.Name,
            ["key"] = log.VerifierKey,
            ["witnesses"] = new System.Text.Json.Nodes.JsonArray([.. witnesses.Select(w => (System.Text.Json.Nodes.JsonNode)WitnessKey(w))]),
            ["receipts"] = "https://csat.example.test/api/log/receipts/",
        };
        Put("log.json", System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        if (score is not null)
        {
            File.WriteAllText(Path.Combine(folder, "score.json"), JsonSerializer.Serialize(score, CsatJson.Default.ScoreDocument));
        }

        return (raw, stored);
    }

    /// <summary>A hash tile as the publisher writes it: the stored hashes of tree level 8 × <paramref name="level"/>.</summary>
    public static byte[] Tile(TreeHashes tree, int level, long index, int width)
    {
        var tile = new byte[width * MerkleTree.HashSize];
        for (var i = 0; i < width; i++)
        {
            tree.Stored(level * Tiles.Height, (index * Tiles.Width) + i).CopyTo(tile.AsSpan(i * MerkleTree.HashSize));
        }

        return tile;
    }

    /// <summary>Every tile of the tree at <paramref name="size"/> (the whole tree when null), read by path from memory.</summary>
    public static Func<string, CancellationToken, Task<byte[]?>> TilesOf(TreeHashes tree, long? size = null)
    {
        var files = Tiles.Of(size ?? tree.Size).ToDictionary(tile => Tiles.Path(tile.Level, tile.Index, tile.Width), tile => Tile(tree, tile.Level, tile.Index, tile.Width), StringComparer.Ordinal);
        return (path, _) => Task.FromResult(files.GetValueOrDefault(path));
    }

    /// <summary>
    /// Serves the folder (as it is at each request) the way the static website serves the log: entry bundles
    /// (by their path, as the blob's properties say, never by their bytes) with Content-Encoding: gzip; or, with
    /// <paramref name="bundlesEncoded"/> false, as a plain mirror serving the stored gzip bytes without it.
    /// </summary>
    public static Task<WebApplication> ServeAsync(Func<string> folder, bool bundlesEncoded = true) => LocalSite.StartAsync(app => app.MapGet("/{**path}", async (string path, HttpContext context) =>
    {
        var file = Path.Combine(folder(), path);
        if (!File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(file);
        context.Response.ContentType = path.StartsWith("tile/", StringComparison.Ordinal) ? "application/octet-stream" : "text/plain; charset=utf-8";
        if (bundlesEncoded && path.StartsWith("tile/entries/", StringComparison.Ordinal))
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        await context.Response.Body.WriteAsync(bytes);
    }));
}
