package dev.ssehub.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The page and its assets as served. What it does in a browser is tested in a real browser; this
 * checks that the server hands out the right files at the right URLs.
 */
@QuarkusTest
class PageTest {

    @Test
    void rootRedirectsToThePage() {
        given().redirects().follow(false)
                .when().get("/")
                .then().statusCode(302)
                .header("Location", endsWith("/sse/index"));
    }

    @Test
    void pageIsServedAtItsShortUrl() {
        given().when().get("/sse/index")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<script src=\"app.js\""))
                .body(containsString("<link rel=\"stylesheet\" href=\"app.css\">"))
                .body(containsString("id=\"status\""))
                .body(containsString("id=\"history\""));
    }

    @Test
    void scriptOpensTheRelativeStreamAndNeverInsertsHtml() {
        given().when().get("/sse/app.js")
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("new EventSource(\"events\")"))
                .body(containsString("addEventListener(\"user_joined\""))
                .body(containsString("addEventListener(\"message\""))
                .body(containsString("MAX_LINES = 20"))
                .body(not(containsString("innerHTML")))
                .body(not(containsString("insertAdjacentHTML")))
                .body(not(containsString("document.write")));
    }

    @Test
    void stylesheetIsServed() {
        given().when().get("/sse/app.css").then().statusCode(200).contentType(startsWith("text/css"));
    }
}
