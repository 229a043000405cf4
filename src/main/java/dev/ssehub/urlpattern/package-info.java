/**
 * WHATWG URL Pattern matching in linear time: {@link dev.ssehub.urlpattern.UrlPattern} compiles a
 * pattern of the URL Pattern Standard to RE2/J, within {@link dev.ssehub.urlpattern.UrlPatternLimits},
 * and matches URLs read by {@link dev.ssehub.urlpattern.WhatwgUrl}, the WHATWG URL parser. A library:
 * it depends on the JDK and RE2/J only, nothing else of sse-hub.
 */
package dev.ssehub.urlpattern;
