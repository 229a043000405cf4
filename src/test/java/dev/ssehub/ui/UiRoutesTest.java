package dev.ssehub.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The debugging UI's files as served with {@code hub.ui.enabled=true} (the test profile's setting): at
 * {@code /.well-known/mercure/ui/} only, with headers that keep received data from ever running as code.
 * What the page does is tested in a real browser ({@code MercureUiIT}).
 */
@QuarkusTest
class UiRoutesTest {

    @Test
    void thePathWithoutItsSlashRedirectsToTheUi() {
        given().redirects().follow(false)
                .when().get("/.well-known/mercure/ui")
                .then().statusCode(302)
                .header("Location", endsWith("/.well-known/mercure/ui/"));
    }

    @Test
    void theUiIsServedWithAStrictContentSecurityPolicy() {
        given().when().get("/.well-known/mercure/ui/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .body(containsString("<script src=\"app.js\""))
                .body(containsString("id=\"subscribe-form\""));
    }

    @Test
    void theScriptNeverInsertsHtml() {
        given().when().get("/.well-known/mercure/ui/app.js")
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("new EventSource("))
                .body(not(containsString("innerHTML")))
                .body(not(containsString("outerHTML")))
                .body(not(containsString("insertAdjacentHTML")))
                .body(not(containsString("document.write")));
    }

    @Test
    void theStylesheetIsServed() {
        given().when().get("/.well-known/mercure/ui/app.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void aFileTheUiDoesNotHaveIsNotFound() {
        given().when().get("/.well-known/mercure/ui/missing.js").then().statusCode(404);
    }

    // Quarkus serves META-INF/resources by itself: the folder the UI's files live in must not be a way around the switch.
    @ParameterizedTest
    @ValueSource(strings = {"/mercure-ui", "/mercure-ui/", "/mercure-ui/index.html", "/mercure-ui/app.js"})
    void theFilesAreNotServedAtTheirOwnFolder(String path) {
        given().redirects().follow(false).when().get(path).then().statusCode(404);
    }
}
