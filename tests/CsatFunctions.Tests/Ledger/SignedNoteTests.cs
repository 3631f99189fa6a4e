using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ledger;

/// <summary>The log's signed notes against the signed-note spec's own example, and its checkpoint checked by a general tool.</summary>
public sealed partial class SignedNoteTests
{
    private const string ExampleKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private const string ExampleNote = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    [Fact]
    public void The_signed_note_specs_example_verifies_and_a_forged_signature_does_not()
    {
        var verifier = NoteVerifier.Parse(ExampleKey)!;
        var note = SignedNote.Parse(ExampleNote)!;
        Assert.Equal("This is an example message.\n", note.Text);
        Assert.True(verifier.Verifies(note.Text, note.Signatures.Single()));
        Assert.Equal(ExampleNote, note.ToString());

        Assert.False(verifier.Verifies("This is an example message!\n", note.Signatures.Single()));
        var forged = note.Signatures.Single() with { Signature = [.. note.Signatures.Single().Signature] };
        forged.Signature[10] ^= 1;
        Assert.False(verifier.Verifies(note.Text, forged));
        using var forger = NoteSigner.Generate("example.com/foo");
        Assert.False(verifier.Verifies(note.Text, forger.Sign(note.Text)));
        Assert.False(verifier.Verifies(note.Text, forger.Sign(note.Text) with { KeyId = verifier.KeyId }));
        Assert.Null(NoteVerifier.Parse(ExampleKey.Replace("530d903a", "530d903b", StringComparison.Ordinal)));
    }

    [Fact]
    public void Key_ids_are_the_specs_and_a_private_key_text_reads_back_as_the_same_key()
    {
        // signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian.
        var verifier = NoteVerifier.Parse(ExampleKey)!;
        Assert.Equal(0x530d903au, KeyId("example.com/foo", 0x01, verifier.PublicKey));

        // A key whose base64 holds '+' (as about half do) reads back too.
        using var signer = KeyWithPlus("csat.example.com/log");
        Assert.Equal(KeyId("csat.example.com/log", 0x01, signer.PublicKey), signer.KeyId);
        Assert.Matches(@"^PRIVATE\+KEY\+csat\.example\.com/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$", signer.PrivateKeyText);
        using var again = NoteSigner.Parse(signer.PrivateKeyText)!;
        Assert.NotNull(NoteVerifier.Parse(signer.VerifierKey));
        Assert.Equal(signer.VerifierKey, again.VerifierKey);
        var text = new LogCheckpoint("csat.example.com/log", 5, new byte[32]).Text;
        Assert.True(NoteVerifier.Parse(signer.VerifierKey)!.Verifies(text, again.Sign(text)));
        Assert.Null(NoteSigner.Parse(signer.PrivateKeyText.Replace("+" + signer.KeyId.ToString("x8"), "+00000000", StringComparison.Ordinal)));

        var witness = NoteVerifier.Parse($"witness.example+{KeyId("witness.example", 0x04, signer.PublicKey):x8}+{Convert.ToBase64String([0x04, .. signer.PublicKey])}");
        Assert.Equal(NoteVerifier.Cosignature, witness!.Type);
    }

    /// <summary>Runs README.md's "Check the log's checkpoint with a general tool" commands, as written there, on a checkpoint the log signs.</summary>
    [Fact]
    public async Task The_READMEs_OpenSSL_commands_verify_the_checkpoint_and_refuse_a_changed_one()
    {
        Assert.SkipWhen(
            !File.Exists("/usr/bin/openssl") && Environment.GetEnvironmentVariable("CI") is null,
            "Needs openssl (apt-get install openssl); CI runs this test.");
        var readme = await File.ReadAllTextAsync(Path.Combine(AzuriteProcess.RepositoryRoot(), "README.md"));
        var commands = string.Join('\n', OpenSslBlock().Match(readme).Groups[1].Value.Split('\n').Where(line => !line.StartsWith("curl ", StringComparison.Ordinal)));
        Assert.Contains("openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in note-text -sigfile sig.bin", commands);

        // A key whose vkey's base64 holds '+', which the commands must not take for a separator.
        using var signer = KeyWithPlus("csat.example.com/log");
        var checkpoint = new LogCheckpoint(signer.Name, 200_000, SHA256.HashData("root"u8));
        var folder = Directory.CreateTempSubdirectory("csat-openssl-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "log.vkey"), signer.VerifierKey + "\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "checkpoint"), new SignedNote(checkpoint.Text, [signer.Sign(checkpoint.Text)]).ToString());
            var (code, output) = await ToolProcess.RunToExitAsync("bash", "-ec", $"cd '{folder.FullName}'\n{commands}");
            Assert.True(code == 0, output);
            Assert.Contains("Signature Verified Successfully", output);

            var changed = checkpoint with { Size = 199_999 };
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "checkpoint"), new SignedNote(changed.Text, [signer.Sign(checkpoint.Text)]).ToString());
            (code, output) = await ToolProcess.RunToExitAsync("bash", "-ec", $"cd '{folder.FullName}'\n{commands}");
            Assert.NotEqual(0, code);
            Assert.Contains("Signature Verification Failure", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The first of a fixed series of keys whose private and public base64 both hold '+'.</summary>
    private static NoteSigner KeyWithPlus(string name)
    {
        for (var i = 0; ; i++)
        {
            var key = NoteSigner.FromSeed(name, SHA256.HashData(BitConverter.GetBytes(i)));
            if (key.PrivateKeyText.Split('+').Length > 5 && key.VerifierKey.Split('+').Length > 3)
            {
                return key;
            }

            key.Dispose();
        }
    }

    /// <summary>Written from the spec's words, not Core's <c>NoteSignature.KeyIdOf</c>.</summary>
    private static uint KeyId(string name, byte type, byte[] publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, type, .. publicKey]));

    [GeneratedRegex("<!-- openssl-checkpoint -->\\s*```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex OpenSslBlock();
}
