using System.Globalization;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Scheduling;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps ScheduleService messages to <see cref="Schedules"/>.</summary>
public sealed class ScheduleGrpcService(Schedules schedules) : IGrpcService<ScheduleGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = SchedulingReflection.Descriptor.Services[0];
    public static readonly Method<ListJobsRequest, ListJobsResponse> ListJobsMethod = Create<ListJobsRequest, ListJobsResponse>(Service, "ListJobs");
    public static readonly Method<ChangeJobRequest, V1.ScheduledJob> PauseJobMethod = Create<ChangeJobRequest, V1.ScheduledJob>(Service, "PauseJob");
    public static readonly Method<ChangeJobRequest, V1.ScheduledJob> ResumeJobMethod = Create<ChangeJobRequest, V1.ScheduledJob>(Service, "ResumeJob");
    public static readonly Method<ChangeJobRequest, V1.ScheduledJob> RunJobNowMethod = Create<ChangeJobRequest, V1.ScheduledJob>(Service, "RunJobNow");
    public static readonly Method<ChangeJobRequest, V1.ScheduledJob> SetJobCronMethod = Create<ChangeJobRequest, V1.ScheduledJob>(Service, "SetJobCron");
    public static readonly Method<ListJobRunsRequest, ListJobRunsResponse> ListJobRunsMethod = Create<ListJobRunsRequest, ListJobRunsResponse>(Service, "ListJobRuns");

    public static void Bind(GrpcServiceBinder<ScheduleGrpcService> binder) => binder
        .Describe(Service)
        .Unary(ListJobsMethod, static (s, r, c) => s.ListJobs(r, c))
        .Unary(PauseJobMethod, static (s, r, c) => s.Pause(r, c))
        .Unary(ResumeJobMethod, static (s, r, c) => s.Resume(r, c))
        .Unary(RunJobNowMethod, static (s, r, c) => s.RunNow(r, c))
        .Unary(SetJobCronMethod, static (s, r, c) => s.SetCron(r, c))
        .Unary(ListJobRunsMethod, static (s, r, c) => s.ListJobRuns(r, c));

    public static void Authorize(MethodRoles roles)
    {
        Role[] supervisors = [Role.Admin, Role.Supervisor];
        foreach (var method in new[] { ListJobsMethod.FullName, PauseJobMethod.FullName, ResumeJobMethod.FullName, RunJobNowMethod.FullName, SetJobCronMethod.FullName, ListJobRunsMethod.FullName })
        {
            roles.Allow(method, supervisors);
        }
    }

    private async Task<ListJobsResponse> ListJobs(ListJobsRequest r, ServerCallContext c)
    {
        var response = new ListJobsResponse();
        response.Jobs.AddRange((await schedules.ListAsync(r.WarehouseCode, c.CancellationToken)).Select(MapJob));
        return response;
    }

    private Task<V1.ScheduledJob> Pause(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.PauseAsync);

    private Task<V1.ScheduledJob> Resume(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.ResumeAsync);

    private Task<V1.ScheduledJob> RunNow(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.RunNowAsync);

    private Task<V1.ScheduledJob> SetCron(ChangeJobRequest r, ServerCallContext c) => Change(r, c, schedules.SetCronAsync);

    private async Task<V1.ScheduledJob> Change(ChangeJobRequest r, ServerCallContext c, Func<Schedules.ChangeCommand, CancellationToken, Task<Schedules.JobView>> change) =>
        MapJob(await change(new Schedules.ChangeCommand(r.RequestId, Actor(c), r.WarehouseCode, r.Job, r.Cron), c.CancellationToken));

    private async Task<ListJobRunsResponse> ListJobRuns(ListJobRunsRequest r, ServerCallContext c)
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
