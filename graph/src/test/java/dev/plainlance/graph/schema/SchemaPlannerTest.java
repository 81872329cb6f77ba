package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.PlanStep.Kind;
import dev.plainlance.graph.schema.PlanStep.Safety;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** Each kind of plan step, and whether it is safe, data-losing or unsupported. */
class SchemaPlannerTest {
    private static final String BASE = """
            node Person {
                name: String @key
                age: I32?
                status: enum(active, gone)
            }
            node Company { name: String @key }
            edge WorksAt: Person -> Company { since: Date? }
            """;

    private static SchemaPlan plan(String to) {
        return SchemaPlanner.plan(SchemaParser.parse(BASE, "from.pg"), SchemaParser.parse(to, "to.pg"));
    }

    private static PlanStep only(SchemaPlan plan, Kind kind, Safety safety) {
        assertEquals(1, plan.steps().size(), plan.steps().toString());
        PlanStep step = plan.steps().get(0);
        assertEquals(List.of(kind, safety), List.of(step.kind(), step.safety()), step.summary());
        return step;
    }

    @Test
    void sameSchemaHasNoSteps() {
        assertTrue(plan(BASE).isEmpty());
    }

    @Test
    void addNodeTypeCarriesTheNewTableSchema() {
        PlanStep step = only(plan(BASE + "node Tag { label: String @key }"), Kind.ADD_TYPE, Safety.SAFE);
        assertEquals("node:Tag", step.table());
        assertEquals(
                List.of("id", "label"),
                step.tableSchema().getFields().stream().map(f -> f.getName()).toList());
    }

    @Test
    void addEdgeType() {
        PlanStep step = only(plan(BASE + "edge Knows: Person -> Person"), Kind.ADD_TYPE, Safety.SAFE);
        assertEquals("edge:Knows", step.table());
        assertEquals(3, step.tableSchema().getFields().size());
    }

    @Test
    void addNullablePropertyIsSafeAndCarriesTheField() {
        PlanStep step =
                only(plan(BASE.replace("age: I32?", "age: I32?\n    email: String?")), Kind.ADD_PROPERTY, Safety.SAFE);
        assertEquals("node:Person", step.table());
        assertEquals("email", step.column());
        assertEquals(ArrowType.Utf8.INSTANCE, step.field().getType());
        assertTrue(step.field().isNullable());
    }

    @Test
    void addRequiredPropertyIsUnsupported() {
        only(plan(BASE.replace("age: I32?", "age: I32?\n    email: String")), Kind.ADD_PROPERTY, Safety.UNSUPPORTED);
    }

    @Test
    void extendEnumIsSafe() {
        PlanStep step = only(
                plan(BASE.replace("enum(active, gone)", "enum(gone, paused, active)")), Kind.EXTEND_ENUM, Safety.SAFE);
        assertEquals("enum(active, gone, paused)", step.field().getMetadata().get(TableMapping.PG_TYPE));
    }

    @Test
    void narrowEnumIsUnsupported() {
        only(plan(BASE.replace("enum(active, gone)", "enum(active)")), Kind.NARROW_ENUM, Safety.UNSUPPORTED);
    }

    @Test
    void renamePropertyWithRenameFromIsSafe() {
        PlanStep step = only(
                plan(BASE.replace("age: I32?", "years: I32? @rename_from(\"age\")")),
                Kind.RENAME_PROPERTY,
                Safety.SAFE);
        assertEquals(List.of("age", "years"), List.of(step.previousColumn(), step.column()));
        assertEquals("years", step.field().getName());
    }

    @Test
    void renamingAKeyPropertyKeepsTheKey() {
        PlanStep step = only(
                plan(BASE.replace(
                        "name: String @key\n    age", "full_name: String @key @rename_from(\"name\")\n    age")),
                Kind.RENAME_PROPERTY,
                Safety.SAFE);
        assertEquals("full_name", step.column());
    }

    @Test
    void renameTypeWithRenameFromIsSafeAndEdgesFollow() {
        String to = BASE.replace("node Company {", "node Employer @rename_from(\"Company\") {")
                .replace("Person -> Company", "Person -> Employer");
        PlanStep step = only(plan(to), Kind.RENAME_TYPE, Safety.SAFE);
        assertEquals(List.of("node:Company", "node:Employer"), List.of(step.previousTable(), step.table()));
    }

    @Test
    void renameEdgeType() {
        PlanStep step = only(
                plan(BASE.replace("edge WorksAt:", "edge EmployedBy @rename_from(\"WorksAt\"):")
                        .replace(
                                "edge EmployedBy @rename_from(\"WorksAt\"): Person -> Company",
                                "edge EmployedBy: Person -> Company @rename_from(\"WorksAt\")")),
                Kind.RENAME_TYPE,
                Safety.SAFE);
        assertEquals(List.of("edge:WorksAt", "edge:EmployedBy"), List.of(step.previousTable(), step.table()));
    }

    @Test
    void renameFromAMissingNameIsUnsupported() {
        only(plan(BASE + "node Tag @rename_from(\"Nope\") {}"), Kind.RENAME_TYPE, Safety.UNSUPPORTED);
        only(
                plan(BASE.replace("age: I32?", "age: I32?\n    x: I32? @rename_from(\"nope\")")),
                Kind.RENAME_PROPERTY,
                Safety.UNSUPPORTED);
    }

    @Test
    void renameWithoutRenameFromIsADropAndAnAdd() {
        SchemaPlan plan = plan(BASE.replace("age: I32?", "years: I32?"));
        assertEquals(
                List.of(Kind.ADD_PROPERTY, Kind.DROP_PROPERTY),
                plan.steps().stream().map(PlanStep::kind).toList());
    }

    @Test
    void dropPropertyAndDropTypeLoseData() {
        PlanStep drop = only(plan(BASE.replace("    age: I32?\n", "")), Kind.DROP_PROPERTY, Safety.DATA_LOSS);
        assertEquals(List.of("node:Person", "age"), List.of(drop.table(), drop.column()));
        assertNull(drop.field());
        PlanStep dropType = only(
                plan(BASE.replace("edge WorksAt: Person -> Company { since: Date? }\n", "")),
                Kind.DROP_TYPE,
                Safety.DATA_LOSS);
        assertEquals("edge:WorksAt", dropType.table());
    }

    @Test
    void changeTypeIsUnsupported() {
        only(plan(BASE.replace("age: I32?", "age: I64?")), Kind.CHANGE_TYPE, Safety.UNSUPPORTED);
        only(plan(BASE.replace("enum(active, gone)", "String")), Kind.CHANGE_TYPE, Safety.UNSUPPORTED);
    }

    @Test
    void nullabilityChanges() {
        only(plan(BASE.replace("age: I32?", "age: I32")), Kind.MAKE_REQUIRED, Safety.UNSUPPORTED);
        only(
                plan(BASE.replace("status: enum(active, gone)", "status: enum(active, gone)?")),
                Kind.MAKE_NULLABLE,
                Safety.SAFE);
    }

    @Test
    void keyAndEndpointChangesAreUnsupported() {
        SchemaPlan key =
                plan(BASE.replace("name: String @key\n    age", "name: String\n    @key(name, status)\n    age"));
        only(key, Kind.CHANGE_KEY, Safety.UNSUPPORTED);
        only(plan(BASE.replace("Person -> Company", "Company -> Person")), Kind.CHANGE_ENDPOINTS, Safety.UNSUPPORTED);
    }

    @Test
    void constraintChangesAreSafeMetadata() {
        only(plan(BASE.replace("age: I32?", "age: I32? @range(0..150)")), Kind.UPDATE_METADATA, Safety.SAFE);
        only(plan(BASE.replace("since: Date?", "since: Date? @index")), Kind.UPDATE_METADATA, Safety.SAFE);
        only(
                plan(BASE.replace("Person -> Company {", "Person -> Company @card(0..1) {")),
                Kind.UPDATE_METADATA,
                Safety.SAFE);
    }

    @Test
    void requireApplicableRefusesDataLossUnlessAllowed() {
        SchemaPlan plan =
                plan(BASE.replace("    age: I32?\n", "").replace("since: Date?", "since: Date?\n    w: F32?"));
        SchemaPlanRefusedException e =
                assertThrows(SchemaPlanRefusedException.class, () -> plan.requireApplicable(false));
        assertEquals(
                "schema change refused, 1 step: drop property Person.age (loses data: the column and its values are"
                        + " removed); pass --allow-data-loss to drop data",
                e.getMessage());
        assertSame(plan, plan.requireApplicable(true));
    }

    @Test
    void requireApplicableAlwaysRefusesUnsupportedSteps() {
        SchemaPlan plan = plan(BASE.replace("age: I32?", "age: I64?").replace("    status: enum(active, gone)\n", ""));
        SchemaPlanRefusedException e =
                assertThrows(SchemaPlanRefusedException.class, () -> plan.requireApplicable(true));
        assertEquals(
                List.of(Kind.CHANGE_TYPE),
                e.refused().stream().map(PlanStep::kind).toList());
        assertEquals(2, plan.refused(false).size());
    }
}
