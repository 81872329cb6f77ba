package dev.plainlance.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the product, checked on its bytecode: modules depend downwards only (cli and testkit on graph and
 * recovery, graph on recovery, recovery on catalog, catalog on lance-core), the packages of lance-core form layers from errors and storage up to
 * the {@code Dataset} facade, no two packages import each other (directly or in a loop), and the public API speaks
 * plainlance types, never generated protobuf classes.
 */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.plainlance");
    }

    @Test
    void noPackageImportsAnotherInALoop() {
        slices().matching("dev.plainlance.(**)")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(inGeneratedProtobuf(), inGeneratedProtobuf())
                .ignoreDependency(officialOperations(), facadeValue())
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("dev.plainlance.lance.delta"),
                        JavaClass.Predicates.resideInAPackage("dev.plainlance.lance"))
                .check(product);
    }

    @Test
    void modulesDependDownwardsOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("lance-core")
                .definedBy("dev.plainlance.lance..")
                .layer("catalog")
                .definedBy("dev.plainlance.catalog..")
                .layer("recovery")
                .definedBy("dev.plainlance.recovery..")
                .layer("graph")
                .definedBy("dev.plainlance.graph..")
                .layer("testkit")
                .definedBy("dev.plainlance.testkit..")
                .layer("cli-spi")
                .definedBy("dev.plainlance.cli.spi..")
                .layer("cli")
                .definedBy(DescribedPredicate.describe(
                        "the cli outside its spi",
                        c -> c.getPackageName().startsWith("dev.plainlance.cli")
                                && !c.getPackageName().startsWith("dev.plainlance.cli.spi")))
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("cli-spi")
                .mayOnlyBeAccessedByLayers("testkit", "cli")
                .whereLayer("testkit")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("graph")
                .mayOnlyBeAccessedByLayers("testkit", "cli")
                .whereLayer("recovery")
                .mayOnlyBeAccessedByLayers("graph", "testkit", "cli")
                .whereLayer("catalog")
                .mayOnlyBeAccessedByLayers("recovery", "graph", "testkit", "cli")
                .check(product);
    }

    @Test
    void lanceCorePackagesFormLayers() {
        String lance = "dev.plainlance.lance";
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("facade")
                .definedBy(lance)
                .layer("operations")
                .definedBy(lance + ".operation..")
                .layer("maintenance")
                .definedBy(lance + ".maintenance..")
                .layer("staging")
                .definedBy(lance + ".write..")
                .layer("scans")
                .definedBy(lance + ".ipc..", lance + ".scan..")
                .layer("commits")
                .definedBy(lance + ".commit..")
                .layer("tables")
                .definedBy(lance + ".table..", lance + ".deletion..", lance + ".fragment..")
                .layer("files")
                .definedBy(lance + ".file..")
                .layer("schema")
                .definedBy(lance + ".schema..", lance + ".expr..", lance + ".arrow..", lance + ".merge..")
                .layer("storage")
                .definedBy(lance + ".io..", lance + ".env..", lance + ".failpoint..", lance + ".error..")
                .whereLayer("facade")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("operations")
                .mayOnlyBeAccessedByLayers("facade")
                .whereLayer("maintenance")
                .mayOnlyBeAccessedByLayers("facade", "operations")
                .whereLayer("staging")
                .mayOnlyBeAccessedByLayers("facade", "operations", "maintenance")
                .whereLayer("scans")
                .mayOnlyBeAccessedByLayers("facade", "operations", "maintenance", "staging")
                .whereLayer("commits")
                .mayOnlyBeAccessedByLayers("facade", "operations", "maintenance", "staging", "scans")
                .ignoreDependency(officialOperations(), facadeValue())
                .check(product);
    }

    /**
     * The operations of {@code org.lance.operation} that plainlance mirrors ({@code Append}, {@code Overwrite},
     * {@code Delete}, {@code Update}, {@code Merge}), which,
     * as in the official library, carry the facade's {@code FragmentMetadata} written by {@code Fragment.create}: a
     * plain value, the one facade type a lower package may name. ({@code dev.plainlance.lance.delta} mirrors
     * {@code org.lance.delta} the same way: a view built from a {@code Dataset}.)
     */
    private static DescribedPredicate<JavaClass> officialOperations() {
        return JavaClass.Predicates.resideInAPackage("dev.plainlance.lance.operation");
    }

    private static DescribedPredicate<JavaClass> facadeValue() {
        return JavaClass.Predicates.equivalentTo(dev.plainlance.lance.FragmentMetadata.class);
    }

    @Test
    void publicApiSignaturesUseNoProtobufTypes() {
        ArchRuleDefinition.codeUnits()
                .that()
                .areDeclaredInClassesThat()
                .resideInAnyPackage(
                        "dev.plainlance.lance",
                        "dev.plainlance.lance.ipc",
                        "dev.plainlance.lance.merge",
                        "dev.plainlance.lance.operation",
                        "dev.plainlance.catalog",
                        "dev.plainlance.recovery")
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .and()
                .haveModifier(JavaModifier.PUBLIC)
                .should(notMentionProtobufTypes())
                .check(product);
    }

    private static DescribedPredicate<JavaClass> inGeneratedProtobuf() {
        return DescribedPredicate.describe(
                "generated protobuf classes", c -> c.getPackageName().startsWith("dev.plainlance.lance.pb"));
    }

    private static ArchCondition<JavaCodeUnit> notMentionProtobufTypes() {
        return new ArchCondition<>("not take or return generated protobuf types") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                Stream.concat(Stream.of(unit.getRawReturnType()), unit.getRawParameterTypes().stream())
                        .map(t -> t.getBaseComponentType())
                        .filter(t -> t.getPackageName().startsWith("dev.plainlance.lance.pb"))
                        .forEach(t -> events.add(
                                SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + t.getName())));
            }
        };
    }
}
