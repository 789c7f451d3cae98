"""Adapters: the workbook port on the file (openpyxl) and live in Excel (xlwings).

Only this package imports openpyxl or xlwings.
"""
