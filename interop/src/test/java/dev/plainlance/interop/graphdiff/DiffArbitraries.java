package dev.plainlance.interop.graphdiff;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/** jqwik generators of the differential property: random graphs and random query shapes with seeds. */
final class DiffArbitraries {
    private DiffArbitraries() {}

    /** A query to generate: its shape and the seed of its random choices. */
    record QueryCase(QueryGenerator.Shape shape, long seed) {
        DiffQuery query() {
            return QueryGenerator.generate(shape, seed);
        }

        @Override
        public String toString() {
            return "\n" + GqRenderer.render("q", query());
        }
    }

    /**
     * 1-40 persons with nullable age, score (quarters, so sums are exact) and city; 0-5 teams; 0-120 Knows edges
     * (self-loops and parallel edges happen, the more the fewer persons) and 0-30 MemberOf edges.
     */
    static Arbitrary<DiffGraph> graphs() {
        Arbitrary<DiffGraph.Person> person = Combinators.combine(
                        Arbitraries.integers().between(0, 60).injectNull(0.2),
                        Arbitraries.integers()
                                .between(-40, 40)
                                .map(k -> k / 4.0)
                                .injectNull(0.2),
                        Arbitraries.of(QueryGenerator.CITIES).injectNull(0.25))
                .as(DiffGraph.Person::new);
        Arbitrary<DiffGraph.Team> team =
                Arbitraries.longs().between(1, 50).injectNull(0.2).map(DiffGraph.Team::new);
        Arbitrary<DiffGraph.Knows> knows = Combinators.combine(
                        Arbitraries.integers().between(0, 39),
                        Arbitraries.integers().between(0, 39),
                        Arbitraries.longs().between(-3, 10).injectNull(0.25))
                .as(DiffGraph.Knows::new);
        Arbitrary<DiffGraph.Member> member = Combinators.combine(
                        Arbitraries.integers().between(0, 39),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(QueryGenerator.ROLES).injectNull(0.3))
                .as(DiffGraph.Member::new);
        return Combinators.combine(
                        person.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform()),
                        team.list().ofMaxSize(5).withSizeDistribution(RandomDistribution.uniform()),
                        knows.list().ofMaxSize(120).withSizeDistribution(RandomDistribution.uniform()),
                        member.list().ofMaxSize(30).withSizeDistribution(RandomDistribution.uniform()))
                .as(DiffArbitraries::graph);
    }

    /** Endpoints by position modulo the node counts (MemberOf edges are dropped without teams). */
    private static DiffGraph graph(
            List<DiffGraph.Person> persons,
            List<DiffGraph.Team> teams,
            List<DiffGraph.Knows> knows,
            List<DiffGraph.Member> members) {
        List<DiffGraph.Knows> k = new ArrayList<>();
        for (DiffGraph.Knows e : knows) {
            k.add(new DiffGraph.Knows(e.from() % persons.size(), e.to() % persons.size(), e.weight()));
        }
        List<DiffGraph.Member> m = new ArrayList<>();
        for (DiffGraph.Member e : members) {
            if (!teams.isEmpty()) {
                m.add(new DiffGraph.Member(e.from() % persons.size(), e.to() % teams.size(), e.role()));
            }
        }
        return new DiffGraph(persons, teams, k, m);
    }

    static Arbitrary<QueryCase> queries() {
        Arbitrary<QueryGenerator.Shape> shape = Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(2, false), net.jqwik.api.Tuple.of(1, true)),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(false, true))
                .as(QueryGenerator.Shape::new);
        return Combinators.combine(shape, Arbitraries.longs()).as(QueryCase::new);
    }
}
