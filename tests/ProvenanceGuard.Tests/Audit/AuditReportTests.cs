using Microsoft.Playwright;
using ProvenanceGuard.Audit;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Audit;

/// <summary>The audit report, checked the way a person sees it: in a real browser.</summary>
public class AuditReportTests
{
    private const string Injection = "<script>window.__pwned = true</script>";

    private static async Task<string> ReleaseWithHostileText(TempFolder temp)
    {
        var pipeline = TestCorpus.Write(temp.Path);
        // A record whose text is markup; it is too short for the policy, so the report lists it among rejections.
        File.AppendAllText(temp.File("main.jsonl"), System.Text.Json.JsonSerializer.Serialize(new { id = "hostile", text = Injection }) + "\n");
        var release = temp.File("release");
        await PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:minTextChars"] = "40" }),
            new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        return release;
    }

    [BrownFact]
    public async Task The_report_is_self_contained_and_escapes_record_text()
    {
        using var temp = new TempFolder();
        var html = await File.ReadAllTextAsync(AuditReport.Write(await ReleaseWithHostileText(temp)));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;window.__pwned", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.Contains("Content-Security-Policy", html);
    }

    [ChromiumFact]
    public async Task In_a_real_browser_the_charts_render_no_error_is_logged_and_injected_script_does_not_run()
    {
        using var temp = new TempFolder();
        var report = AuditReport.Write(await ReleaseWithHostileText(temp));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(report).AbsoluteUri);

        Assert.Empty(errors);
        Assert.True(await page.Locator("svg").CountAsync() >= 5, "one chart per section at least");
        Assert.True(await page.Locator("svg rect.bar").CountAsync() > 10, "bars are drawn");
        var barBox = await page.Locator("svg rect.bar").First.BoundingBoxAsync();
        Assert.True(barBox is { Width: > 0, Height: > 0 }, "a bar has a visible size");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === true"), "injected script ran");
        Assert.Equal(1, await page.Locator("td.text", new PageLocatorOptions { HasText = "<script>window.__pwned" }).CountAsync());

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "audit-report.png"), FullPage = true });
    }
}
