// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: prints what CPUID says about hypervisors, SVM and VMX, as
 * seen by the root cell: "hv-leaf: <signature>", "svm: yes|no" and
 * "vmx: yes|no".
 */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	unsigned int a, b, c, d;
	char sig[13];

	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = 0;
	for (int i = 0; i < 12; i++)
		if (sig[i] < 0x20 || sig[i] > 0x7e)
			sig[i] = '.';
	printf("hv-leaf: max 0x%08x signature '%s'\n", a, sig);
	__cpuid(0x80000001, a, b, c, d);
	printf("svm: %s\n", (c & (1u << 2)) ? "yes" : "no");
	__cpuid(1, a, b, c, d);
	printf("vmx: %s\n", (c & (1u << 5)) ? "yes" : "no");
	return 0;
}
