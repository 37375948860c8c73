using System.Text.Json;
using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>
/// The committed default model scores exactly as it did when it was trained: speed work on the featurizer must
/// leave every score bit-identical. The expected values were printed by the code that trained the 2.3.0 model
/// (2.1.0's were pinned before the fifth speed pass and held through it; 2.4.0 differs from 2.3.0 only in scoring texts
/// much longer than dev's in windows, so no text here or in dev moved); texts include accented letters,
/// typographic quotes and repeats, so both the ASCII and the general paths of the character pass are covered.
/// </summary>
public class DefaultModelScoresTests
{
    private const string DefaultModelDigest = "bff6922c";

    private static readonly string[] Texts =
    [
        "The committee met on Tuesday evening to discuss the proposed changes to the town's parking rules. Several residents spoke against the plan, arguing that the new meters would hurt small shops on Main Street. The mayor said she would ask the planning office for a second study before any vote is taken, and the matter was put off until the next regular meeting in March.",
        "In today’s rapidly evolving landscape, it is crucial to recognize the transformative potential of sustainable practices. Moreover, communities around the world are embracing innovative solutions that foster resilience and collaboration. By leveraging cutting-edge technologies and nurturing a culture of inclusivity, we can unlock a brighter future for generations to come, ensuring that progress remains both equitable and enduring. Moreover, communities around the world are embracing innovative solutions.",
        "Le café était plein. “Naïve,” she said, “naïve and très élégant” — the Ångström units of 1974, 3.5 km north of Zürich; the crème brûlée, the crème brûlée again! Why? Because the résumé (page 2) said so: ÜBER alles, über alles, and the river ran on past the old mill, the old mill, the old mill at the bend.",
    ];

    private static SignatureDetector LoadDefault()
    {
        var path = DetectorModel.LocateDefault() ?? throw new FileNotFoundException("models/detector-default.json not found upwards from the test directory.");
        var detector = DetectorModel.Load(path);
        Assert.StartsWith(DefaultModelDigest, detector.ModelDigest);
        return detector;
    }

    [TrigramReferenceFact]
    public void Fixed_texts_score_bit_identically_to_the_code_that_trained_the_model()
    {
        // Shortest round-trip decimals, so parsing gives the exact doubles.
        double[] expected = [-0.7602020069760412, -3.2929322251091344, 1.5254580652308654];
        var detector = LoadDefault();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), Texts.Select(t => BitConverter.DoubleToInt64Bits(detector.Score(t).LogLikelihoodRatio)));
    }

    [SharedDataTrigramFact]
    public void Every_dev_text_scores_bit_identically_to_the_code_that_trained_the_model()
    {
        var detector = LoadDefault();
        ulong digest = 14695981039346656037UL;
        var count = 0;
        foreach (var line in File.ReadLines(SharedResources.DetectDevData!))
        {
            var text = JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
            var llr = detector.Score(text).LogLikelihoodRatio;
            digest = (digest ^ (ulong)BitConverter.DoubleToInt64Bits(llr)) * 1099511628211UL;
            count++;
        }
        Assert.Equal(5833, count);
        Assert.Equal("cfb75658b2fb11db", digest.ToString("x16"));
    }
}
