using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// People's accounts. The three sign-in steps are open to anonymous callers (that is their point); what
/// guards them is the password check, the lockout after repeated failures, the PBKDF2 cost per try and a
/// limit on attempts per address, counted in the database for every server sharing it (<see cref="SignInThrottle"/>).
/// </summary>
public sealed class AccountGrpcService(
    CreateUser.Handler createUser, ResetUser.Handler resetUser, ListUsers listUsers,
    StartTotpEnrolment.Handler startEnrolment, ConfirmTotpEnrolment.Handler confirmEnrolment, SignIn.Handler signIn, SignOut.Handler signOut, SignInThrottle throttle)
    : AccountService.AccountServiceBase
{
    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<UserInfo> CreateUser(CreateUserRequest request, ServerCallContext context) =>
        MapUser(await createUser.HandleAsync(new Security.CreateUser.Command(request.RequestId, Actor(context), request.Name, request.Password, request.Roles.ToList()), context.CancellationToken));

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var (users, next) = await listUsers.HandleAsync(request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListUsersResponse { NextPageToken = next };
        response.Users.AddRange(users.Select(MapUser));
        return response;
    }

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<UserInfo> ResetUser(ResetUserRequest request, ServerCallContext context) =>
        MapUser(await resetUser.HandleAsync(new Security.ResetUser.Command(request.RequestId, Actor(context), request.Name, request.NewPassword, request.ResetTotp, request.Unlock), context.CancellationToken));

    [AllowAnonymous]
    public override async Task<TotpEnrolment> StartTotpEnrolment(StartTotpEnrolmentRequest request, ServerCallContext context)
    {
        await ThrottleAsync(context);
        var result = await startEnrolment.HandleAsync(new Security.StartTotpEnrolment.Command(request.Name, request.Password, From(context)), context.CancellationToken);
        return new TotpEnrolment { Secret = result.Secret, OtpauthUri = result.OtpAuthUri, QrCodeSvg = result.QrCodeSvg };
    }

    [AllowAnonymous]
    public override async Task<ConfirmTotpEnrolmentResponse> ConfirmTotpEnrolment(ConfirmTotpEnrolmentRequest request, ServerCallContext context)
    {
        await ThrottleAsync(context);
        var result = await confirmEnrolment.HandleAsync(new Security.ConfirmTotpEnrolment.Command(request.Name, request.Password, request.Code, From(context)), context.CancellationToken);
        var response = new ConfirmTotpEnrolmentResponse { Session = MapSession(result.Session) };
        response.RecoveryCodes.AddRange(result.RecoveryCodes);
        return response;
    }

    [AllowAnonymous]
    public override async Task<SignInSession> SignIn(SignInRequest request, ServerCallContext context)
    {
        await ThrottleAsync(context);
        return MapSession(await signIn.HandleAsync(new Security.SignIn.Command(request.Name, request.Password, request.Code, From(context)), context.CancellationToken));
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<SignOutResponse> SignOut(SignOutRequest request, ServerCallContext context)
    {
        var header = context.GetHttpContext().Request.Headers.Authorization.ToString();
        await signOut.HandleAsync(new Security.SignOut.Command(Actor(context), header["Bearer ".Length..].Trim()), context.CancellationToken);
        return new SignOutResponse();
    }

    private static string From(ServerCallContext context) => CallOrigin.Of(context.GetHttpContext());

    /// <summary>Counts the attempt against its address before any password is hashed; beyond the limit, RESOURCE_EXHAUSTED with the wait.</summary>
    private async Task ThrottleAsync(ServerCallContext context)
    {
        if (await throttle.TryAcquireAsync(CallOrigin.RateLimitKey(context.GetHttpContext()), context.CancellationToken) is { } refusal)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        }
    }

    private static SignInSession MapSession(AccountGate.SessionInfo session)
    {
        var message = new SignInSession { Token = session.Token, ExpiresAt = Timestamp.FromDateTimeOffset(session.ExpiresAt), Name = session.Name, RecoveryCodesLeft = session.RecoveryCodesLeft };
        message.Roles.AddRange(session.Roles);
        return message;
    }

    private static UserInfo MapUser(Security.CreateUser.UserInfo user)
    {
        var message = new UserInfo
        {
            Name = user.Name,
            TotpEnrolled = user.TotpEnrolled,
            LockedUntil = user.LockedUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            FailedAttempts = user.FailedAttempts,
            CreatedAt = Timestamp.FromDateTimeOffset(user.CreatedAt),
            CreatedBy = user.CreatedBy,
            RecoveryCodesLeft = user.RecoveryCodesLeft,
        };
        message.Roles.AddRange(user.Roles);
        return message;
    }
}
