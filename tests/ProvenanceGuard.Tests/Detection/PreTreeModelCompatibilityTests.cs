using System.Text.Json.Nodes;
using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>
/// A model file written before boosted trees existed (format unchanged, no tree section) loads in this code with
/// the digest the 2.1.0 code computed and scores exactly as the 2.1.0 code did. The fixture is a small model
/// trained by the 2.1.0 build on 60 dev groups; the expected log-likelihood ratios are what that build's
/// `detect score` printed for the texts below.
/// </summary>
public class PreTreeModelCompatibilityTests
{
    private static readonly string[] Texts =
    [
        "The committee met on Tuesday evening to discuss the proposed changes to the town's parking rules. Several residents spoke against the plan, arguing that the new meters would hurt small shops on Main Street. The mayor said she would ask the planning office for a second study before any vote is taken, and the matter was put off until the next regular meeting in March.",
        "In today's rapidly evolving landscape, it is crucial to recognize the transformative potential of sustainable practices. Moreover, communities around the world are embracing innovative solutions that foster resilience and collaboration. By leveraging cutting-edge technologies and nurturing a culture of inclusivity, we can unlock a brighter future for generations to come, ensuring that progress remains both equitable and enduring.",
        "My grandmother kept chickens behind the house, and every morning before school I had to go out with a tin bucket and collect the eggs. The rooster hated me. I still have a small white scar on my left ankle where he caught me one winter, when the ground was frozen hard and I slipped on the ice trying to get away from him.",
    ];

    private static string Fixture() =>
        ProjectPaths.Find("tests/ProvenanceGuard.Tests/Detection/Fixtures/detector-2.1.0-small.json", AppContext.BaseDirectory)
        ?? throw new FileNotFoundException("Fixture detector-2.1.0-small.json not found upwards from the test directory.");

    [BrownFact]
    public void The_file_keeps_the_digest_the_2_1_0_code_gave_it()
    {
        var path = Fixture();
        var detector = DetectorModel.Load(path);
        Assert.Null(detector.Parameters.Trees);
        Assert.Equal((string)JsonNode.Parse(File.ReadAllText(path))!["model_digest"]!, detector.ModelDigest);
    }

    [BrownFact]
    public void Texts_score_bit_identically_to_the_2_1_0_code()
    {
        // Printed by the 2.1.0 build (shortest round-trip decimal, so parsing gives the exact doubles).
        double[] expected = [3.4530212336061297, -1.3208351203768747, 0.017222347887614044];
        var detector = DetectorModel.Load(Fixture());
        for (var i = 0; i < Texts.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(detector.Score(Texts[i]).LogLikelihoodRatio));
    }
}
