package dev.ssehub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package layout of docs/ARCHITECTURE.md, as rules over the compiled classes, so that it stays
 * true without anyone remembering it: no package cycles, a core that knows no edge and no backend,
 * one composition root, a demo that uses the hub as any application would.
 */
class ArchitectureTest {

    /** The service's classes, without the tests'. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ssehub");

    /** Each package, sub-packages included as packages of their own. */
    @Test
    void noPackageCycles() {
        slices().matching("dev.ssehub.(**)").should().beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void theCoreKnowsNoEdgeNoBackendAndNoWiring() {
        noClasses().that().resideInAPackage("dev.ssehub.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.protocol..", "dev.ssehub.transport..",
                            "dev.ssehub.demo..", "dev.ssehub.app..", "dev.ssehub.ops..", "dev.ssehub.problem..",
                            "dev.ssehub.auth..", "dev.ssehub.config..")
                .because("the hub is the core: edges and backends depend on it, never the other way round")
                .check(CLASSES);
    }

    @Test
    void theCoreImportsNoHttpNoJaxRsNoRedisNoQuarkus() {
        noClasses().that()
                .resideInAPackage("dev.ssehub.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.enterprise..",
                            "jakarta.inject..", "io.vertx..", "io.netty..", "io.quarkus..")
                .because("the core runs the same in a plain unit test, behind any HTTP layer and on any transport")
                .check(CLASSES);
    }

    @Test
    void topicMatchingAndSseFramingStandAlone() {
        noClasses().that()
                .resideInAnyPackage("dev.ssehub.hub.topic..", "dev.ssehub.hub.sse..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.hub", "dev.ssehub.protocol..",
                            "dev.ssehub.transport..")
                .because("matching topics and framing events are libraries the core uses, not parts that use it")
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootChoosesATransport() {
        noClasses().that()
                .resideOutsideOfPackages("dev.ssehub.app..", "dev.ssehub.transport..")
                .should().dependOnClassesThat().resideInAPackage("dev.ssehub.transport..")
                .because("the rest of the code cannot tell which transport runs")
                .check(CLASSES);
    }

    @Test
    void transportsDoNotKnowEachOther() {
        slices().matching("dev.ssehub.transport.(*)..")
                .should().notDependOnEachOther()
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that()
                .resideOutsideOfPackage("dev.ssehub.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.ssehub.app..")
                .check(CLASSES);
    }

    @Test
    void theDemoUsesTheHubAsAnyApplicationWould() {
        noClasses().that().resideInAPackage("dev.ssehub.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.protocol..", "dev.ssehub.transport..",
                            "dev.ssehub.auth..", "dev.ssehub.hub.topic..")
                .because("the demo publishes and subscribes through the hub's public API, nothing else")
                .check(CLASSES);
    }

    @Test
    void theProtocolEdgeDoesNotReachIntoTheDemo() {
        noClasses().that()
                .resideInAnyPackage("dev.ssehub.protocol..", "dev.ssehub.auth..", "dev.ssehub.problem..", "dev.ssehub.ops..")
                .should().dependOnClassesThat().resideInAPackage("dev.ssehub.demo..")
                .check(CLASSES);
    }

    @Test
    void theUrlPatternMatcherIsALibraryOfItsOwn() {
        noClasses().that().resideInAPackage("dev.ssehub.urlpattern..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.hub..", "dev.ssehub.protocol..",
                            "dev.ssehub.transport..", "dev.ssehub.demo..", "dev.ssehub.app..", "dev.ssehub.ops..",
                            "dev.ssehub.problem..", "dev.ssehub.auth..", "dev.ssehub.config..", "dev.ssehub.ui..")
                .because("WHATWG URL Pattern matching is a library the topic matchers use, with its own tests")
                .check(CLASSES);
    }

    @Test
    void theDebuggingUiIsStaticFilesBehindASwitch() {
        noClasses().that().resideInAPackage("dev.ssehub.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.hub..", "dev.ssehub.protocol..",
                            "dev.ssehub.transport..", "dev.ssehub.demo..", "dev.ssehub.app..", "dev.ssehub.ops..",
                            "dev.ssehub.problem..", "dev.ssehub.auth..")
                .because("the UI is a page that uses the hub over HTTP like any client; the server side only serves it")
                .check(CLASSES);
    }

    @Test
    void configurationIsALeaf() {
        noClasses().that().resideInAPackage("dev.ssehub.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ssehub.hub..", "dev.ssehub.protocol..",
                            "dev.ssehub.transport..", "dev.ssehub.demo..", "dev.ssehub.app..", "dev.ssehub.ops..",
                            "dev.ssehub.problem..", "dev.ssehub.auth..", "dev.ssehub.ui..")
                .check(CLASSES);
    }
}
