using System.Net;

namespace Skinsight.Bench.Load;

/// <summary>Checks that a base URL names this machine, so the load never leaves it.</summary>
internal static class LoopbackUrl
{
    /// <summary>Parses <paramref name="text"/> as an http or https base URL on 127.0.0.1, ::1 or localhost.</summary>
    /// <exception cref="ArgumentException">The text is not an absolute http(s) URL, names another host, or has a path.</exception>
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--url '{text}' is not an absolute http or https URL; pass e.g. http://127.0.0.1:5080.");
        }

        if (!IsLoopbackHost(uri.Host))
        {
            throw new ArgumentException(
                $"--url '{text}' names host '{uri.Host}'; this benchmark sends only to 127.0.0.1, ::1 or localhost.");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"--url '{text}' has a path or query; pass only the scheme, host and port.");
        }

        return uri;
    }

    /// <summary>Returns whether <paramref name="host"/> (as <see cref="Uri.Host"/> gives it) is 127.0.0.1, ::1 or localhost.</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Uri.Host keeps the brackets of an IPv6 literal. Other loopback addresses such as 127.0.0.2 are rejected
        // on purpose, because the servers this benchmark is meant for listen on 127.0.0.1 or ::1 only.
        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback));
    }
}
