package com.payflow.web.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an unparseable {@code Accept} header up front with 406 problem+json. Later, Spring would
 * fail on it again while writing any answer — including an error answer — and the request would end
 * as a 500 or an empty error.
 */
class AcceptHeaderFilter extends OncePerRequestFilter {

  private static final String BODY =
      ProblemTypes.body(
          "not-acceptable",
          "Not acceptable",
          HttpServletResponse.SC_NOT_ACCEPTABLE,
          "the Accept header cannot be parsed; send" + " application/json");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Enumeration<String> accepts = request.getHeaders("Accept");
    while (accepts != null && accepts.hasMoreElements()) {
      try {
        MediaType.parseMediaTypes(accepts.nextElement());
      } catch (InvalidMediaTypeException | IndexOutOfBoundsException unparseable) {
        // Some inputs make Spring's parser fail with an index error rather than its own
        // exception (seen with an unbalanced quote): both mean "cannot be parsed".
        response.setStatus(HttpServletResponse.SC_NOT_ACCEPTABLE);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(BODY);
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
