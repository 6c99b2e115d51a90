/*
 * acq_db's INI entries, made from the core's table of settings
 * (config/acq_db_settings.h): one zend_ini_entry_def per row and one
 * OnUpdate handler that hands the text to the row's validator. A rejected
 * value must not be replaced silently by the default, or a typo in php.ini
 * would go unnoticed: each rejection is kept per directive and makes acq_db
 * fail closed with the warning's text until a good value is set.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "SAPI.h"

#include "php_acq_db.h"
#include "config/acq_db_optfile.h"

/* One entry per row of the table, and the terminating empty one; the name
 * is the one REGISTER_INI_ENTRIES() expects. */
static zend_ini_entry_def ini_entries[ACQ_DB_SETTING_COUNT + 1];

static size_t acq_db_ini_slot(const acq_db_setting *s)
{
	return (size_t) (s - acq_db_settings);
}

/* A changed setting invalidates the cache built for the old one. */
static void acq_db_config_changed(void)
{
	if (ACQ_DB_G(cache_ready)) {
		acq_db_cache_destroy(&ACQ_DB_G(cache));
		ACQ_DB_G(cache_ready) = false;
	}
}

/* After a rejection at startup PHP applies the default through the same
 * handler; that one call must not clear the rejection (setting_fallback). */
static void acq_db_ini_rejected(const acq_db_setting *s, const char *msg)
{
	size_t slot = acq_db_ini_slot(s);

	php_error_docref(NULL, E_WARNING, "%s: %s", s->name, msg);
	snprintf(ACQ_DB_G(setting_error)[slot], sizeof(ACQ_DB_G(setting_error)[slot]), "%s: %s", s->name, msg);
	ACQ_DB_G(setting_fallback)[slot] = true;
}

static void acq_db_ini_accepted(const acq_db_setting *s)
{
	size_t slot = acq_db_ini_slot(s);
	const char *missing = acq_db_setting_missing(s, &ACQ_DB_G(config));

	if (ACQ_DB_G(setting_fallback)[slot]) {
		ACQ_DB_G(setting_fallback)[slot] = false; /* the default after a rejection */
		return;
	}
	/* an empty required setting is no rejection (no warning), but acq_db
	 * is not configured until it is set */
	snprintf(ACQ_DB_G(setting_error)[slot], sizeof(ACQ_DB_G(setting_error)[slot]), "%s", missing ? missing : "");
}

/* The promotion credentials are read here, once: the directive is
 * PHP_INI_SYSTEM, so this runs at startup (php-fpm: in the master, as root,
 * before the workers drop privileges). The message names the file, never a
 * value from it. */
static bool acq_db_ini_read_credentials(const char *path, char *msg, size_t msglen)
{
	char err[ACQ_DB_ERR_MAX];

	acq_db_credentials_wipe(&ACQ_DB_G(admin_cred));
	if (path[0] && acq_db_optfile_read(path, &ACQ_DB_G(admin_cred), err, sizeof(err)) != ACQ_DB_OK) {
		snprintf(msg, msglen, "%s; acq_db fails closed (no routing, no election) until it is fixed", err);
		return false;
	}
	return true;
}

static ZEND_INI_MH(OnUpdateAcqDbSetting)
{
	const acq_db_setting *s = (const acq_db_setting *) mh_arg1;
	char msg[ACQ_DB_ERR_MAX + 128];

	acq_db_config_changed();
	if (acq_db_setting_apply(s, ZSTR_VAL(new_value), &ACQ_DB_G(config), msg, sizeof(msg)) != ACQ_DB_OK) {
		acq_db_ini_rejected(s, msg);
		return FAILURE;
	}
	if (s->kind == ACQ_DB_KIND_OPTFILE && !acq_db_ini_read_credentials(ZSTR_VAL(new_value), msg, sizeof(msg))) {
		acq_db_ini_rejected(s, msg);
		return FAILURE;
	}
	if (s->kind == ACQ_DB_KIND_SERVERS) {
		ACQ_DB_G(servers_ok) = ACQ_DB_G(config).servers.count > 0;
	}
	acq_db_ini_accepted(s);
	return SUCCESS;
}

/* The CLI SAPI is an operator's shell: there the operator functions are on
 * unless php.ini says otherwise; in a web SAPI they are off. */
static bool acq_db_ini_sapi_is_cli(void)
{
	return sapi_module.name && strcmp(sapi_module.name, "cli") == 0;
}

static void acq_db_ini_build(void)
{
	bool cli = acq_db_ini_sapi_is_cli();
	int i;

	memset(ini_entries, 0, sizeof(ini_entries));
	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		const acq_db_setting *s = &acq_db_settings[i];
		zend_ini_entry_def *d = &ini_entries[i];

		d->name = s->name;
		d->name_length = (uint16_t) strlen(s->name);
		d->on_modify = OnUpdateAcqDbSetting;
		d->mh_arg1 = (void *) s;
		d->value = acq_db_setting_default(s, cli);
		d->value_length = (uint32_t) strlen(d->value);
		d->displayer = s->kind == ACQ_DB_KIND_BOOL ? zend_ini_boolean_displayer_cb : NULL;
		d->modifiable = PHP_INI_SYSTEM;
	}
}

void acq_db_ini_register(int type, int module_number)
{
	acq_db_config_defaults(&ACQ_DB_G(config), acq_db_ini_sapi_is_cli());
	acq_db_ini_build();
	REGISTER_INI_ENTRIES();
}

void acq_db_ini_unregister(int type, int module_number)
{
	UNREGISTER_INI_ENTRIES();
}

const char *acq_db_php_setting_error(void)
{
	int i;

	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		if (ACQ_DB_G(setting_error)[i][0]) {
			return ACQ_DB_G(setting_error)[i];
		}
	}
	return NULL;
}
