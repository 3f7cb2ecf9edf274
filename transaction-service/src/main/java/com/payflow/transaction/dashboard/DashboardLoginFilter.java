package com.payflow.transaction.dashboard;

import com.payflow.web.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Everything under {@code /dashboard} needs an operator login, except the login page itself and the
 * static assets (no data in them). Pages redirect to the login; data and actions answer 401.
 * State-changing requests must carry {@code X-Requested-With: payflow-dashboard}, which a form or
 * link from another site cannot send (with the SameSite=Strict cookie: no CSRF).
 */
final class DashboardLoginFilter extends OncePerRequestFilter {

  /** Request attribute holding the logged-in operator key (for the replay proxy). */
  static final String OPERATOR_KEY = DashboardLoginFilter.class.getName() + ".operatorKey";

  /** Header every POST from the page carries. */
  static final String ACTION_HEADER = "X-Requested-With";

  static final String ACTION_VALUE = "payflow-dashboard";

  private final DashboardSession session;
  private final Clock clock;

  DashboardLoginFilter(DashboardSession session, Clock clock) {
    this.session = session;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (isPublic(path)) {
      chain.doFilter(request, response);
      return;
    }
    Optional<String> operatorKey = session.open(cookie(request), clock.millis());
    if (operatorKey.isEmpty()) {
      if ("GET".equals(request.getMethod())
          && !path.startsWith("/dashboard/api/")
          && !path.equals("/dashboard/stream")) {
        // A relative Location: behind Nginx the Host header has no port, so an absolute URL
        // built by sendRedirect would point at the wrong place.
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", request.getContextPath() + "/dashboard/login");
      } else {
        problem(response, 401, "unauthorized", "log in at /dashboard/login");
      }
      return;
    }
    if (!"GET".equals(request.getMethod())
        && !path.equals("/dashboard/logout")
        && !ACTION_VALUE.equals(request.getHeader(ACTION_HEADER))) {
      problem(response, 403, "forbidden", "dashboard actions come from the dashboard page");
      return;
    }
    request.setAttribute(OPERATOR_KEY, operatorKey.get());
    response.setHeader("Cache-Control", "no-store");
    chain.doFilter(request, response);
  }

  private static boolean isPublic(String path) {
    return path.equals("/dashboard/login")
        || path.startsWith("/dashboard/assets/")
        || path.startsWith("/dashboard/webjars/");
  }

  private static String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (DashboardSession.COOKIE.equals(cookie.getName())) {
        return cookie.getValue();
      }
    }
    return null;
  }

  private static void problem(HttpServletResponse response, int status, String kind, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"type\":\""
                + ProblemTypes.of(kind)
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}");
  }
}
