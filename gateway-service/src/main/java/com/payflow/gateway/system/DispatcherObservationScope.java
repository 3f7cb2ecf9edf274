package com.payflow.gateway.system;

import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring MVC's observation filter observes the dispatcher's requests only. The submission servlet
 * records its own {@code http.server.requests} timer (same name and tags) at a fraction of the
 * filter's cost, which under load was a tenth of the request thread's CPU.
 */
@Configuration(proxyBeanMethods = false)
class DispatcherObservationScope {

  @Bean
  static BeanPostProcessor observeDispatcherOnly() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof FilterRegistrationBean<?> registration
            && registration.getFilter() instanceof ServerHttpObservationFilter) {
          registration.setUrlPatterns(List.of());
          registration.setServletNames(
              Set.of(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME));
        }
        return bean;
      }
    };
  }
}
