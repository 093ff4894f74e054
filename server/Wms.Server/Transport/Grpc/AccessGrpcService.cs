using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class AccessGrpcService(CreateToken.Handler createToken, RevokeToken.Handler revokeToken, AccessQueries queries) : IGrpcService<AccessGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = AccessReflection.Descriptor.Services[0];
    public static readonly Method<CreateTokenRequest, CreateTokenResponse> CreateTokenMethod = Create<CreateTokenRequest, CreateTokenResponse>(Service, "CreateToken");
    public static readonly Method<RevokeTokenRequest, RevokeTokenResponse> RevokeTokenMethod = Create<RevokeTokenRequest, RevokeTokenResponse>(Service, "RevokeToken");
    public static readonly Method<ListTokensRequest, ListTokensResponse> ListTokensMethod = Create<ListTokensRequest, ListTokensResponse>(Service, "ListTokens");
    public static readonly Method<ListAuditRequest, ListAuditResponse> ListAuditMethod = Create<ListAuditRequest, ListAuditResponse>(Service, "ListAudit");

    public static void Bind(GrpcServiceBinder<AccessGrpcService> binder) => binder
        .Describe(Service)
        .Unary(CreateTokenMethod, static (s, r, c) => s.CreateToken(r, c))
        .Unary(RevokeTokenMethod, static (s, r, c) => s.RevokeToken(r, c))
        .Unary(ListTokensMethod, static (s, r, c) => s.ListTokens(r, c))
        .Unary(ListAuditMethod, static (s, r, c) => s.ListAudit(r, c));

    public static void Authorize(MethodRoles roles) => roles
        .Allow(CreateTokenMethod.FullName, Role.Admin)
        .Allow(RevokeTokenMethod.FullName, Role.Admin)
        .Allow(ListTokensMethod.FullName, Role.Admin)
        .Allow(ListAuditMethod.FullName, Role.Admin, Role.Supervisor);

    private async Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context)
    {
        var result = await createToken.HandleAsync(new Security.CreateToken.Command(request.RequestId, Actor(context), request.Name, request.Roles.ToList()), context.CancellationToken);
        return new CreateTokenResponse { TokenInfo = MapToken(result.Info), Token = result.Token };
    }

    private async Task<RevokeTokenResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context)
    {
        var result = await revokeToken.HandleAsync(new Security.RevokeToken.Command(request.RequestId, Actor(context), request.TokenId, request.Name), context.CancellationToken);
        var response = new RevokeTokenResponse();
        response.RevokedTokenIds.AddRange(result.RevokedTokenIds);
        return response;
    }

    private async Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context)
    {
        var (tokens, next) = await queries.ListTokensAsync(request.IncludeRevoked, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListTokensResponse { NextPageToken = next };
        response.Tokens.AddRange(tokens.Select(MapToken));
        return response;
    }

    private async Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        var filter = new AccessQueries.AuditFilter(request.Actor, request.Command, request.Since?.ToDateTimeOffset(), request.PageSize, request.PageToken);
        var (entries, next) = await queries.ListAuditAsync(filter, context.CancellationToken);
        var response = new ListAuditResponse { NextPageToken = next };
        response.Entries.AddRange(entries.Select(e => new Contracts.V1.AuditEntry
        {
            Id = e.Id,
            At = Timestamp.FromDateTimeOffset(e.At),
            Actor = e.Actor,
            Command = e.Command,
            RequestId = e.RequestId,
            Summary = e.Summary,
        }));
        return response;
    }

    private static ApiTokenInfo MapToken(Security.CreateToken.TokenInfo info)
    {
        var message = new ApiTokenInfo
        {
            TokenId = info.TokenId,
            Name = info.Name,
            CreatedAt = Timestamp.FromDateTimeOffset(info.CreatedAt),
            CreatedBy = info.CreatedBy,
            RevokedAt = info.RevokedAt is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
        };
        message.Roles.AddRange(info.Roles);
        return message;
    }
}
