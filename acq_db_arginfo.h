/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 06ad22bf515720b43294f1ad03f2ead303d47ee2 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_acq_db_active, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_acq_db_status arginfo_acq_db_active

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_acq_db_init, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, active, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_acq_db_switchover, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, to, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_acq_db_failover arginfo_acq_db_switchover

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_acq_db_rejoin, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(acq_db_active);
ZEND_FUNCTION(acq_db_status);
ZEND_FUNCTION(acq_db_init);
ZEND_FUNCTION(acq_db_switchover);
ZEND_FUNCTION(acq_db_failover);
ZEND_FUNCTION(acq_db_rejoin);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(acq_db_active, arginfo_acq_db_active)
	ZEND_FE(acq_db_status, arginfo_acq_db_status)
	ZEND_FE(acq_db_init, arginfo_acq_db_init)
	ZEND_FE(acq_db_switchover, arginfo_acq_db_switchover)
	ZEND_DEP_FE(acq_db_failover, arginfo_acq_db_failover)
	ZEND_FE(acq_db_rejoin, arginfo_acq_db_rejoin)
	ZEND_FE_END
};


static const zend_function_entry class_AcqDbException_methods[] = {
	ZEND_FE_END
};

static void register_acq_db_symbols(int module_number)
{
	REGISTER_LONG_CONSTANT("ACQ_DB_E_INVALID", ACQ_DB_E_INVALID, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_MISSING", ACQ_DB_E_MISSING, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_CORRUPT", ACQ_DB_E_CORRUPT, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_VERSION", ACQ_DB_E_VERSION, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_UNKNOWN_SERVER", ACQ_DB_E_UNKNOWN_SERVER, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_IO", ACQ_DB_E_IO, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_PERM", ACQ_DB_E_PERM, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_LOCK_TIMEOUT", ACQ_DB_E_LOCK_TIMEOUT, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_EXISTS", ACQ_DB_E_EXISTS, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_NO_CANDIDATE", ACQ_DB_E_NO_CANDIDATE, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_HOLD", ACQ_DB_E_HOLD, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("ACQ_DB_E_FS_TIMEOUT", ACQ_DB_E_FS_TIMEOUT, CONST_PERSISTENT);
}

static zend_class_entry *register_class_AcqDbException(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "AcqDbException", class_AcqDbException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	class_entry->ce_flags |= ZEND_ACC_NO_DYNAMIC_PROPERTIES;

	return class_entry;
}
