/* placeholder: replaced by the runtime work */
int tnm_host_placeholder(void);
int tnm_host_placeholder(void) { return 0; }
