/* Trap report for the RISC-V target: any trap in this bare-metal program is a bug. */
#include <stdint.h>

#include "tnm_target.h"

void tnm_trap_report(uint32_t mcause, uint32_t mepc, uint32_t mtval);
void tnm_trap_report(uint32_t mcause, uint32_t mepc, uint32_t mtval)
{
    (void)mtval;
    tnm_target_fault("trap", mepc, mcause);
}
