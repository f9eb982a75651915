using Skinsight.Bench.Load;

namespace Skinsight.Web.Tests.Load;

public class LoadBenchmarkTests
{
    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.95, 95)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.00, 1)]
    [InlineData(0.005, 1)]
    public void NearestRank_OneToHundred_ReturnsRankedValue(double p, double expected)
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal(expected, Percentiles.NearestRank(values, p));
    }

    [Fact]
    public void NearestRank_FewValues_RoundsRankUp()
    {
        double[] values = [10, 20, 30, 40];

        Assert.Equal(20, Percentiles.NearestRank(values, 0.50));
        Assert.Equal(30, Percentiles.NearestRank(values, 0.51));
        Assert.Equal(40, Percentiles.NearestRank(values, 0.95));
    }

    [Fact]
    public void NearestRank_NoValues_ReturnsNaN()
    {
        Assert.True(double.IsNaN(Percentiles.NearestRank([], 0.5)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void NearestRank_POutsideUnitRange_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1.0], p));
    }

    [Fact]
    public void Median_UnsortedValues_SortsFirst()
    {
        Assert.Equal(3, Percentiles.Median([5, 1, 3, 4, 2]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("https://127.0.0.1")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://LOCALHOST:5080")]
    [InlineData("http://[::1]:5080")]
    public void LoopbackUrlParse_LoopbackHost_ReturnsUrl(string url)
    {
        var parsed = LoopbackUrl.Parse(url);

        Assert.True(LoopbackUrl.IsLoopbackHost(parsed.Host));
    }

    [Theory]
    [InlineData("http://10.0.0.1:5080")]
    [InlineData("http://127.0.0.2:5080")]
    [InlineData("http://169.254.169.254")]
    [InlineData("http://example.com")]
    [InlineData("http://localhost.example.com")]
    [InlineData("http://127.0.0.1.example.com")]
    [InlineData("http://[::2]:5080")]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080/api")]
    [InlineData("http://127.0.0.1:5080/?a=1")]
    public void LoopbackUrlParse_OtherUrl_ThrowsNamingIt(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => LoopbackUrl.Parse(url));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsParse_UrlOfOtherHost_Throws()
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--url", "http://192.168.1.1:5080"]));
    }

    [Fact]
    public void OptionsParse_NoArguments_UsesDefaults()
    {
        var options = LoadOptions.Parse([])!;

        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.BaseUrl);
        Assert.Equal(LoadMode.Sync, options.Mode);
        Assert.Equal(32, options.Clients);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Duration);
    }

    [Theory]
    [InlineData("--clients", "0")]
    [InlineData("--clients", "-3")]
    [InlineData("--mode", "async")]
    [InlineData("--duration", "0s")]
    [InlineData("--duration", "soon")]
    [InlineData("--unknown", "1")]
    public void OptionsParse_InvalidValue_Throws(string option, string value)
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([option, value]));
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("90s", 90)]
    [InlineData("90", 90)]
    [InlineData("2m", 120)]
    [InlineData("1.5m", 90)]
    [InlineData("1h", 3600)]
    public void ParseTime_WithUnit_ReturnsSeconds(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadOptions.ParseTime("--duration", text));
    }

    [Fact]
    public void ResidentMegabytes_ProcStatus_ReadsVmRss()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 9000000 kB\nVmRSS:\t  173680 kB\nThreads:\t31\n";

        Assert.Equal(173680 / 1024.0, MemorySampler.ParseResidentMegabytes(status));
    }

    [Fact]
    public void ResidentMegabytes_NoVmRss_ReturnsNull()
    {
        Assert.Null(MemorySampler.ParseResidentMegabytes("Name:\tkthreadd\nState:\tS (sleeping)\n"));
    }

    [Fact]
    public void MemorySummary_TenMinutes_EdgeMinuteMedians()
    {
        var samples = Enumerable.Range(0, 121)
            .Select(i => new MemorySample(i * 5.0, 500 + i))
            .ToList();

        var summary = MemorySummary.From(pid: 1, samples, elapsedSeconds: 600);

        Assert.Equal(505, summary.FirstMinuteMedianMb);
        Assert.Equal(614, summary.LastMinuteMedianMb);
        Assert.Equal(620, summary.MaxMb);
        Assert.Equal(11, summary.MinuteMediansMb.Count);
        Assert.Equal(505, summary.MinuteMediansMb[0]);
        Assert.Equal(517, summary.MinuteMediansMb[1]);
        Assert.Equal(620, summary.MinuteMediansMb[^1]);
    }
}
