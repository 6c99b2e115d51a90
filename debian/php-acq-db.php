mod debian/acq_db.ini
