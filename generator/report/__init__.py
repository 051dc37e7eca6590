"""`fieldguide report`: evidence of use from the web server's own logs, counting events, never people."""
