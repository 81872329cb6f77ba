package dev.plainlance.interop.graphdiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small random property graph of the differential schema ({@link #SCHEMA}): persons {@code p0..p(n-1)} and teams
 * {@code t0..t(m-1)} named by their position, {@code Knows} edges between persons (self-loops and parallel edges
 * allowed) and {@code MemberOf} edges from persons to teams (parallel ones allowed). Edges name their endpoints by
 * position.
 */
record DiffGraph(List<Person> persons, List<Team> teams, List<Knows> knows, List<Member> members) {
    /** The {@code .pg} schema both stores are given (Neo4j: labels Person and Team, types KNOWS and MEMBER_OF). */
    static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                score: F64?
                city: String?
            }
            node Team {
                name: String @key
                size: I64?
            }
            edge Knows: Person -> Person {
                weight: I64?
            }
            edge MemberOf: Person -> Team {
                role: String?
            }
            """;

    record Person(Integer age, Double score, String city) {}

    record Team(Long size) {}

    record Knows(int from, int to, Long weight) {}

    record Member(int from, int to, String role) {}

    DiffGraph {
        persons = List.copyOf(persons);
        teams = List.copyOf(teams);
        knows = List.copyOf(knows);
        members = List.copyOf(members);
    }

    static String personName(int i) {
        return "p" + i;
    }

    static String teamName(int i) {
        return "t" + i;
    }

    /** The NDJSON lines of plainlance's loader: nodes, then edges; null properties left out. */
    String ndjson() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < persons.size(); i++) {
            Person p = persons.get(i);
            Map<String, Object> data = new TreeMap<>();
            data.put("name", personName(i));
            put(data, "age", p.age());
            put(data, "score", p.score());
            put(data, "city", p.city());
            out.append("{\"type\":\"Person\",\"data\":").append(json(data)).append("}\n");
        }
        for (int i = 0; i < teams.size(); i++) {
            Map<String, Object> data = new TreeMap<>();
            data.put("name", teamName(i));
            put(data, "size", teams.get(i).size());
            out.append("{\"type\":\"Team\",\"data\":").append(json(data)).append("}\n");
        }
        for (Knows k : knows) {
            Map<String, Object> data = new TreeMap<>();
            put(data, "weight", k.weight());
            out.append("{\"edge\":\"Knows\",\"from\":\"")
                    .append(personName(k.from()))
                    .append("\",\"to\":\"")
                    .append(personName(k.to()))
                    .append("\",\"data\":")
                    .append(json(data))
                    .append("}\n");
        }
        for (Member m : members) {
            Map<String, Object> data = new TreeMap<>();
            put(data, "role", m.role());
            out.append("{\"edge\":\"MemberOf\",\"from\":\"")
                    .append(personName(m.from()))
                    .append("\",\"to\":\"")
                    .append(teamName(m.to()))
                    .append("\",\"data\":")
                    .append(json(data))
                    .append("}\n");
        }
        return out.toString();
    }

    private static void put(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    /** A flat JSON object of Strings (plain ASCII here) and numbers. */
    private static String json(Map<String, Object> data) {
        List<String> fields = new ArrayList<>();
        data.forEach((k, v) -> fields.add("\"" + k + "\":" + (v instanceof String s ? "\"" + s + "\"" : v.toString())));
        return "{" + String.join(",", fields) + "}";
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("graph:\n");
        out.append(ndjson());
        return out.toString();
    }
}
