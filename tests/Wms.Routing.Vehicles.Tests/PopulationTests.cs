using Wms.Routing.Vehicles.Internal;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>The subpopulations' order, which the survivor selection and the parents' ranks read.</summary>
public sealed class PopulationTests
{
    [Fact]
    public void Add_EqualCost_TheNewMemberRanksFirstAsInHgsCvrp()
    {
        // Stops on one line, so that every distance and every sum of them is a whole number: equal costs are exactly equal.
        var stops = new[] { 10, 20, 30, 70, 80, 90 }.Select(x => new Stop($"s{x}", new Location(x, 50), Weight: 1)).ToList();
        var problem = new RoutingProblem(new Location(50, 50), stops, [new Vehicle("v1", 10), new Vehicle("v2", 10)], TravelModel.Euclidean());
        var instance = new Instance(problem);
        var penalties = new Penalties(1, 1, 1);
        // The same routes, each driven the other way round: the same cost on a symmetric matrix, yet other solutions.
        var older = new Individual(instance, [[1, 2, 3], [4, 5, 6]]);
        var newer = new Individual(instance, [[3, 2, 1], [6, 5, 4]]);
        var dearer = new Individual(instance, [[1, 4, 2], [5, 3, 6]]);
        Assert.Equal(older.Cost, newer.Cost);
        Assert.True(dearer.Cost > older.Cost + 1, "the third plan must cost more, or the order proves nothing");
        Assert.True(older.IsFeasible, "all stops must fit on the two vehicles");

        var population = new Population();
        population.Add(older, penalties);
        population.Add(dearer, penalties);
        population.Add(newer, penalties);

        Assert.Equal([newer, older, dearer], population.Members(feasible: true));
    }
}
