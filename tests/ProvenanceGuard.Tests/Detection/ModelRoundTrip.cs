using System.Text.Json.Nodes;
using Xunit;
using ProvenanceGuard.Detection;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>Checks shared by the model file tests.</summary>
internal static class ModelRoundTrip
{
    /// <summary>A loaded model has the digest of the one it was saved from and scores every text bit-identically.</summary>
    public static void AssertRescoresBitIdentically(SignatureDetector original, SignatureDetector loaded, IEnumerable<string> texts)
    {
        Assert.Equal(original.ModelDigest, loaded.ModelDigest);
        foreach (var text in texts)
            Assert.Equal(BitConverter.DoubleToInt64Bits(original.Score(text).LogLikelihoodRatio), BitConverter.DoubleToInt64Bits(loaded.Score(text).LogLikelihoodRatio));
    }

    /// <summary>Reading a saved model and saving it again gives the same bytes.</summary>
    public static void AssertSavingAgainGivesTheSameBytes(string path, JsonObject card)
    {
        var again = Path.Combine(Path.GetDirectoryName(path)!, "again-" + Path.GetFileName(path));
        DetectorModel.Save(again, DetectorModel.Read(path).Parameters, card);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }
}
