using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Scheduling;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps ScheduleService messages to <see cref="Schedules"/>; supervisors only.</summary>
[Authorize(Roles = RoleSets.Supervisors)]
public sealed class ScheduleGrpcService(Schedules schedules) : ScheduleService.ScheduleServiceBase
{
    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest r, ServerCallContext c)
    {
        var response = new ListJobsResponse();
        response.Jobs.AddRange((await schedules.ListAsync(r.WarehouseCode, c.CancellationToken)).Select(MapJob));
        return response;
    }

    public override Task<V1.ScheduledJob> PauseJob(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.PauseAsync);

    public override Task<V1.ScheduledJob> ResumeJob(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.ResumeAsync);

    public override Task<V1.ScheduledJob> RunJobNow(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.RunNowAsync);

    public override Task<V1.ScheduledJob> SetJobCron(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.SetCronAsync);

    private async Task<V1.ScheduledJob> Change(ChangeJobRequest r, ServerCallContext c, Func<Schedules.ChangeCommand, CancellationToken, Task<Schedules.JobView>> change) =>
        MapJob(await change(new Schedules.ChangeCommand(r.RequestId, Actor(c), r.WarehouseCode, r.Job, r.Cron), c.CancellationToken));

    public override async Task<ListJobRunsResponse> ListJobRuns(ListJobRunsRequest r, ServerCallContext c)
    {
        var response = new ListJobRunsResponse();
        response.Runs.AddRange((await schedules.RunsAsync(r.WarehouseCode, r.Job, r.PageSize, c.CancellationToken)).Select(MapRun));
        return response;
    }

    private static V1.ScheduledJob MapJob(Schedules.JobView j) => new()
    {
        Job = j.Job, WarehouseCode = j.WarehouseCode, Description = j.Description, Cron = j.Cron, State = j.State,
        MisfirePolicy = j.Misfire == MisfirePolicy.Skip ? "skip" : "fire-once",
        NextFireAt = Time(j.NextFireAt), PreviousFireAt = Time(j.PreviousFireAt), LastRun = j.LastRun is { } run ? MapRun(run) : null,
    };

    private static V1.JobRun MapRun(Scheduling.JobRun r) => new()
    {
        Job = r.Job, WarehouseCode = r.WarehouseCode, Trigger = r.Trigger, Instance = r.Instance, ScheduledAt = Time(r.ScheduledAt),
        StartedAt = Time(r.StartedAt), FinishedAt = Time(r.FinishedAt), Succeeded = r.Succeeded, Result = r.Result,
    };

    private static string Time(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : "";
}
