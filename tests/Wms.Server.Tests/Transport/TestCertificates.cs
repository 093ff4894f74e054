using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wms.Server.Tests.Transport;

public static class TestCertificates
{
    /// <summary>A certificate for <paramref name="host"/>, valid from yesterday to tomorrow, signed by its own key.</summary>
    public static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
