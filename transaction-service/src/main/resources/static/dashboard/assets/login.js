// Shows the error line after a failed login (the server redirects to /dashboard/login?failed).
if (new URLSearchParams(location.search).has('failed')) {
  document.getElementById('login-error').hidden = false;
}
