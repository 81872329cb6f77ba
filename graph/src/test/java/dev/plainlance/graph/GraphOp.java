package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.function.Executable;

/**
 * One call of a graph transaction over {@code test.pg}, with picks that name persons, companies and filters from
 * small pools (so keys collide and deletes hit), applied to the transaction and to a {@link GraphModel} alike. A call
 * the model refuses (an existing key inserted, an edge to a missing node, a key updated) must be refused by the
 * transaction with a {@link ConstraintViolationException} and change neither.
 */
record GraphOp(Kind kind, int a, int b, int c) {
    enum Kind {
        UPSERT_PERSON,
        INSERT_PERSON,
        UPSERT_COMPANY,
        INSERT_COMPANY,
        UPDATE_PERSONS,
        UPDATE_KEY,
        DELETE_PERSONS,
        DELETE_COMPANY,
        INSERT_KNOWS,
        INSERT_WORKS_AT,
        DELETE_KNOWS,
        DELETE_WORKS_AT
    }

    /** Person names; quotes and non-ASCII letters go through SQL filters and ids. */
    static final List<String> PERSONS = List.of("Ann", "Bob", "O'Neil", "Zoë", "Eve");

    static final List<String> COMPANIES = List.of("Acme", "Globex", "Initech");

    /** Person filters: by name (0-4), {@code age > 20} (5), {@code age IS NULL} (6), every person (7). */
    static final int PERSON_FILTERS = 8;

    /** Knows filters: by source (0-4), by target (5-9), {@code since IS NULL} (10). */
    static final int KNOWS_FILTERS = 11;

    /** WorksAt filters: by person (0-4), by company (5-7). */
    static final int WORKS_AT_FILTERS = 8;

    static String person(int pick) {
        return PERSONS.get(Math.floorMod(pick, PERSONS.size()));
    }

    static String company(int pick) {
        return COMPANIES.get(Math.floorMod(pick, COMPANIES.size()));
    }

    /** Age code 0 is no age, else ten times the code. */
    static Integer age(int code) {
        return code == 0 ? null : code * 10;
    }

    /** Date code 0 is no date, else a day in 2020. */
    static LocalDate since(int code) {
        return code == 0 ? null : LocalDate.of(2020, 1, 1).plusDays(code);
    }

    static Entity personEntity(String name, Integer age) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("age", age);
        return new Entity("Person", name, null, null, p);
    }

    static Entity companyEntity(String name) {
        return new Entity("Company", name, null, null, Map.of("name", name));
    }

    static Entity knows(String id, String src, String dst, LocalDate since) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("since", since);
        return new Entity("Knows", id, src, dst, p);
    }

    static Entity worksAt(String id, String src, String dst) {
        return new Entity("WorksAt", id, src, dst, Map.of());
    }

    /** The properties a caller passes: a null age is left out. */
    private static Map<String, Object> given(Entity e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.properties().forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A filter on one type: its SQL and the same test in Java. */
    record Filter(String sql, Predicate<Entity> test) {}

    static Filter personFilter(int pick) {
        int f = Math.floorMod(pick, PERSON_FILTERS);
        if (f < 5) {
            String name = person(f);
            return new Filter("name = " + literal(name), e -> name.equals(e.get("name")));
        }
        return switch (f) {
            case 5 -> new Filter("age > 20", e -> e.get("age") != null && (Integer) e.get("age") > 20);
            case 6 -> new Filter("age IS NULL", e -> e.get("age") == null);
            default -> new Filter(null, e -> true);
        };
    }

    static Filter knowsFilter(int pick) {
        int f = Math.floorMod(pick, KNOWS_FILTERS);
        if (f < 5) {
            String name = person(f);
            return new Filter("src = " + literal(name), e -> name.equals(e.src()));
        }
        if (f < 10) {
            String name = person(f - 5);
            return new Filter("dst = " + literal(name), e -> name.equals(e.dst()));
        }
        return new Filter("since IS NULL", e -> e.get("since") == null);
    }

    static Filter worksAtFilter(int pick) {
        int f = Math.floorMod(pick, WORKS_AT_FILTERS);
        if (f < 5) {
            String name = person(f);
            return new Filter("src = " + literal(name), e -> name.equals(e.src()));
        }
        String name = company(f - 5);
        return new Filter("dst = " + literal(name), e -> name.equals(e.dst()));
    }

    /** Applies the call to {@code tx} and {@code model}; returns whether the model refuses it. */
    boolean apply(GraphTransaction tx, GraphModel model) {
        switch (kind) {
            case UPSERT_PERSON -> {
                Entity e = personEntity(person(a), age(b));
                assertEquals(e.id(), tx.upsert("Person", given(e)), this + " returns the key's id");
                model.put(e);
            }
            case INSERT_PERSON -> {
                Entity e = personEntity(person(a), age(b));
                if (model.exists("Person", e.id())) {
                    return refused(() -> tx.insert("Person", given(e)));
                }
                assertEquals(e.id(), tx.insert("Person", given(e)), this + " returns the key's id");
                model.put(e);
            }
            case UPSERT_COMPANY -> {
                Entity e = companyEntity(company(a));
                assertEquals(e.id(), tx.upsert("Company", given(e)));
                model.put(e);
            }
            case INSERT_COMPANY -> {
                Entity e = companyEntity(company(a));
                if (model.exists("Company", e.id())) {
                    return refused(() -> tx.insert("Company", given(e)));
                }
                assertEquals(e.id(), tx.insert("Company", given(e)));
                model.put(e);
            }
            case UPDATE_PERSONS -> {
                Filter f = personFilter(a);
                Integer age = age(b);
                Map<String, Object> set = new LinkedHashMap<>();
                set.put("age", age);
                List<Entity> hits = model.matching("Person", f.test());
                assertEquals(hits.size(), tx.update("Person", f.sql(), set), this + " updates " + f.sql());
                hits.forEach(e -> model.put(personEntity((String) e.get("name"), age)));
            }
            case UPDATE_KEY -> {
                return refused(() -> tx.update("Person", personFilter(a).sql(), Map.of("name", "Renamed")));
            }
            case DELETE_PERSONS -> {
                Filter f = personFilter(Math.floorMod(a, PERSON_FILTERS - 1));
                assertEquals(
                        model.deleteNodes("Person", f.test()),
                        tx.delete("Person", f.sql()),
                        this + " deletes " + f.sql());
            }
            case DELETE_COMPANY -> {
                Filter f = new Filter(
                        "name = " + literal(company(a)), e -> company(a).equals(e.get("name")));
                assertEquals(model.deleteNodes("Company", f.test()), tx.delete("Company", f.sql()), toString());
            }
            case INSERT_KNOWS -> {
                String src = person(a);
                String dst = person(b);
                if (!model.exists("Person", src) || !model.exists("Person", dst)) {
                    return refused(() -> tx.insertEdge("Knows", src, dst, given(knows("x", src, dst, since(c)))));
                }
                String id = tx.insertEdge("Knows", src, dst, given(knows("x", src, dst, since(c))));
                model.put(knows(id, src, dst, since(c)));
            }
            case INSERT_WORKS_AT -> {
                String src = person(a);
                String dst = company(b);
                if (!model.exists("Person", src) || !model.exists("Company", dst)) {
                    return refused(() -> tx.insertEdge("WorksAt", src, dst, Map.of()));
                }
                model.put(worksAt(tx.insertEdge("WorksAt", src, dst, Map.of()), src, dst));
            }
            case DELETE_KNOWS -> {
                Filter f = knowsFilter(a);
                assertEquals(model.deleteEdges("Knows", f.test()), tx.deleteEdges("Knows", f.sql()), f.sql());
            }
            case DELETE_WORKS_AT -> {
                Filter f = worksAtFilter(a);
                assertEquals(model.deleteEdges("WorksAt", f.test()), tx.deleteEdges("WorksAt", f.sql()), f.sql());
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return false;
    }

    private boolean refused(Executable call) {
        assertThrows(ConstraintViolationException.class, call, this + " must be refused");
        return true;
    }

    @Override
    public String toString() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case UPSERT_PERSON, INSERT_PERSON -> k + "(" + person(a) + ", age " + age(b) + ")";
            case UPSERT_COMPANY, INSERT_COMPANY, DELETE_COMPANY -> k + "(" + company(a) + ")";
            case UPDATE_PERSONS -> k + "(" + personFilter(a).sql() + " set age " + age(b) + ")";
            case UPDATE_KEY -> k + "(" + personFilter(a).sql() + ")";
            case DELETE_PERSONS ->
                k + "(" + personFilter(Math.floorMod(a, PERSON_FILTERS - 1)).sql() + ")";
            case INSERT_KNOWS -> k + "(" + person(a) + " -> " + person(b) + ", since " + since(c) + ")";
            case INSERT_WORKS_AT -> k + "(" + person(a) + " -> " + company(b) + ")";
            case DELETE_KNOWS -> k + "(" + knowsFilter(a).sql() + ")";
            case DELETE_WORKS_AT -> k + "(" + worksAtFilter(a).sql() + ")";
        };
    }
}
