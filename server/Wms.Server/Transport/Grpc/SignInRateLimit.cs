using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Per-address rate limiting of the anonymous sign-in calls (ASP.NET Core's rate limiter, a sliding window per
/// address): lockout guards one account, this guards against one address trying many accounts. The console
/// signs people in from the server itself, so for a caller on this machine the address it names for its person
/// is the one counted (<see cref="CallOrigin.RateLimitKey"/>). A refusal is RESOURCE_EXHAUSTED with the wait.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = (configuration.GetSection("Wms:Security").Get<SecurityOptions>() ?? new SecurityOptions()).SignInAttemptsPerMinute;
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http => perMinute <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetSlidingWindowLimiter(CallOrigin.RateLimitKey(http), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 10;
                var http = rejected.HttpContext;
                GrpcStatusResponse.Write(http, new Status(StatusCode.ResourceExhausted,
                    $"Too many sign-in attempts from {CallOrigin.RateLimitKey(http)}: at most {perMinute.ToString(CultureInfo.InvariantCulture)} a minute; try again in {wait.ToString(CultureInfo.InvariantCulture)} s."));
                return ValueTask.CompletedTask;
            };
        });
    }
}
