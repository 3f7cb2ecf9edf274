package com.payflow.web.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Problem+json for the errors no {@code @ExceptionHandler} sees, in every servlet service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemWebAutoConfiguration {

  /** Right after a service's request-id filter (highest precedence), before anything parses. */
  static final int ACCEPT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorPages() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
              }
            });
  }

  @Bean
  FilterRegistrationBean<AcceptHeaderFilter> acceptHeaderFilter() {
    FilterRegistrationBean<AcceptHeaderFilter> registration =
        new FilterRegistrationBean<>(new AcceptHeaderFilter());
    registration.setOrder(ACCEPT_FILTER_ORDER);
    return registration;
  }
}
