namespace Wms.Server.Security;

/// <summary>
/// Who may call what, as the role lists the transport's <c>[Authorize(Roles = ...)]</c> attributes name
/// (role names as <see cref="RoleNames"/> writes them). An admin passes every role check
/// (<see cref="Caller.IsInAnyRole"/>); a method with no list is open to admins only.
/// </summary>
public static class RoleSets
{
    public const string Everyone = "admin,supervisor,picker,dispatcher,device";
    public const string Floor = "admin,supervisor,picker";
    public const string Supervisors = "admin,supervisor";
    public const string Admins = "admin";
    public const string PickersAndSupervisors = "picker,supervisor";
    public const string Dispatchers = "admin,supervisor,dispatcher";
}
