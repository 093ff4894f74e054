using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class AccessGrpcService(CreateToken.Handler createToken, RevokeToken.Handler revokeToken, AccessQueries queries) : AccessService.AccessServiceBase
{
    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context)
    {
        var result = await createToken.HandleAsync(new Security.CreateToken.Command(request.RequestId, Actor(context), request.Name, request.Roles.ToList()), context.CancellationToken);
        return new CreateTokenResponse { TokenInfo = MapToken(result.Info), Token = result.Token };
    }

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<RevokeTokenResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context)
    {
        var result = await revokeToken.HandleAsync(new Security.RevokeToken.Command(request.RequestId, Actor(context), request.TokenId, request.Name), context.CancellationToken);
        var response = new RevokeTokenResponse();
        response.RevokedTokenIds.AddRange(result.RevokedTokenIds);
        return response;
    }

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context)
    {
        var (tokens, next) = await queries.ListTokensAsync(request.IncludeRevoked, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListTokensResponse { NextPageToken = next };
        response.Tokens.AddRange(tokens.Select(MapToken));
        return response;
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
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
            Origin = e.Origin,
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
