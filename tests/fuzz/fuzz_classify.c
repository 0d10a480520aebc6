/* libFuzzer target: any bytes through the mail parser and the classifier must
 * neither crash, hang nor leak. */
#include <stddef.h>
#include <stdint.h>

#include "parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ca_domains[] = { "digicert.com", "sectigo.com", "comodo.com",
						  "globalsign.com", NULL };
	static const char *const staff[] = { "staff1@example-hosting.jp", NULL };
	static const char *const own[] = { "ssl@example-hosting.jp", "info@example-hosting.jp", NULL };
	const struct parse_classify_config config = {
		.authserv_id = "mx.example-hosting.jp",
		.ca_domains = ca_domains,
		.staff = staff,
		.own_addresses = own,
	};
	struct parse_mail_limits limits;
	struct parse_mail *mail = NULL;
	struct parse_event *event = NULL;

	parse_mail_limits_default(&limits);
	if (parse_mail_mem(data, size, &limits, &mail, NULL) != MP_STATUS_OK)
		return 0;
	if (parse_classify(mail, &config, &event, NULL) == MP_STATUS_OK)
		parse_event_free(event);
	parse_mail_free(mail);
	return 0;
}
