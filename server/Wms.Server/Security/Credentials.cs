using System.Security.Cryptography;
using System.Text;
using OtpNet;
using Wms.Server.Common;

namespace Wms.Server.Security;

/// <summary>
/// The well-kept code people's credentials rest on, in one place (passwords: <see cref="Passwords"/>):
/// Otp.NET for TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as every authenticator app reads them),
/// QRCoder for the enrolment QR code. Nothing here is home-made cryptography.
/// </summary>
public static class Credentials
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;
    public const int RecoveryCodeCount = 10;
    private const int MaxCodeLength = 32;

    public static string Name(string? value)
    {
        var name = Require.NotEmpty(value, "name", Limits.Actor);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw DomainException.Invalid("name", "may hold only letters, digits, '.', '-', '_' and '@'.");
        }

        return name;
    }

    /// <summary>A password as typed (not trimmed: spaces count). <paramref name="forNew"/> applies the length rule.</summary>
    public static string Password(string? value, string field, bool forNew)
    {
        var password = value ?? "";
        if (password.Length == 0)
        {
            throw DomainException.Invalid(field, "is required.");
        }

        if (password.Length > MaxPasswordLength)
        {
            throw DomainException.Invalid(field, $"must be at most {MaxPasswordLength} characters.");
        }

        if (forNew && password.Length < MinPasswordLength)
        {
            throw DomainException.Invalid(field, $"must be at least {MinPasswordLength} characters, got {password.Length}.");
        }

        return password;
    }

    public static string Code(string? value)
    {
        var code = (value ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            throw DomainException.Invalid("code", "the 6-digit code of the authenticator app (or a recovery code) is required.");
        }

        return code.Length <= MaxCodeLength ? code : throw DomainException.Invalid("code", $"must be at most {MaxCodeLength} characters.");
    }

    public static string NewTotpSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The time step the code matches (one step either side, for clocks a little off), or null.</summary>
    public static long? MatchTotp(string secret, string code, DateTimeOffset now)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The code an authenticator app shows now (tests and the console's own checks use it).</summary>
    public static string TotpNow(string secret, DateTimeOffset now) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(now.UtcDateTime);

    public static string OtpAuthUri(string issuer, string name, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(name)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";

    public static string QrCodeSvg(string text)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(5);
    }

    /// <summary>Ten recovery codes of 10 base32 characters (50 random bits each) shown as xxxxx-xxxxx.</summary>
    public static List<string> NewRecoveryCodes() =>
        Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            var text = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(10))[..10].ToLowerInvariant();
            return text[..5] + "-" + text[5..];
        }).ToList();

    /// <summary>
    /// A recovery code's hash. Plain SHA-256 is enough here, unlike for passwords: the codes are random with
    /// 50 bits each, so there is no dictionary to try, and each works once.
    /// </summary>
    public static string HashRecoveryCode(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())));
}
